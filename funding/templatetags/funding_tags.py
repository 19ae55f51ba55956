from decimal import Decimal

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def amount(value, currency):
    """An amount with its currency, grouped as the language groups: "NOK 50 000"."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    number = formats.number_format(value, places, use_l10n=True, force_grouping=True)
    return f"{currency} {number}"


@register.filter
def zone_name(zone):
    """The IANA name of a zone, or of the current one when given nothing."""
    return str(zone) if zone else timezone.get_current_timezone_name()


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None: answers and files are keyed by question id."""
    return mapping.get(key) if mapping else None
