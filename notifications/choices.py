from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a person receives one kind of notification, besides the list in the platform."""

    PLATFORM = "platform", _("In the platform only")
    IMMEDIATE = "immediate", _("By e-mail at once")
    DIGEST = "digest", _("In a daily e-mail digest")
