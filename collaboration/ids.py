"""Message ids and change numbers as the protocol takes them, checked in one place."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ServiceError


def whole_number(value, name, what=None):
    """`value` if it is a JSON whole number ≥ 0 (not a boolean), else ServiceError invalid."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        what = what or _("%(field)s must be a message id.")
        raise ServiceError("invalid", what % {"field": name})
    return value


def whole_number_param(text, name, what=None):
    """The same for a query-string value; None when it is absent or empty."""
    if text is None or text == "":
        return None
    try:
        number = int(text)
    except ValueError:
        what = what or _("%(field)s must be a message id.")
        raise ServiceError("invalid", what % {"field": name}) from None
    return whole_number(number, name, what)


CHANGE_NUMBER = gettext_lazy("%(field)s must be a change number.")


def id_from_link(text):
    """A whole number from a page link or a form field, or None: the pages pass over a bad one."""
    try:
        return whole_number_param(text, "id")
    except ServiceError:
        return None
