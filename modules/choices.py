"""Choices of the course modules app, apart from the models so that forms and other apps
import them at the top."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    COIL = "coil", _("COIL")
    VIRTUAL_EXCHANGE = "virtual_exchange", _("Virtual exchange")
    BIP = "bip", _("Blended intensive programme")
    GUEST_LECTURE = "guest_lecture", _("Guest lecture")


class EnrolmentState(models.TextChoices):
    CLOSED = "closed", _("Closed")
    OPEN = "open", _("Open for enrolment")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")


class SessionKind(models.TextChoices):
    SYNCHRONOUS = "synchronous", _("Synchronous")
    ASYNCHRONOUS = "asynchronous", _("Asynchronous")
