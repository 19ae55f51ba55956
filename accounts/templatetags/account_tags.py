import datetime

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.simple_tag
def password_reset_link_lifetime():
    """How long a password reset link works (PASSWORD_RESET_TIMEOUT), in words of the language
    being rendered: "3 days"."""
    now = timezone.now()
    return timeuntil(now + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT), now)
