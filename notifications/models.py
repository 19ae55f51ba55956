from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Delivery

DEFAULT_DIGEST_HOUR = 8


class Notification(models.Model):
    """One notice for one person: a kind and its parameters, read or not.

    The text is made at display time in the reader's language (`presentation.py`).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Where the work is: a page (shown in the reader's language) or a path on this site.
    target_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_url = models.CharField(max_length=500, blank=True)
    params = models.JSONField(default=dict, blank=True)
    # The recipient's choice for this kind when it was created.
    delivery = models.CharField(max_length=16, choices=Delivery.choices)
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        "Digest", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notification_list"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(delivery=Delivery.DIGEST, digest__isnull=True, read_at__isnull=True),
                name="notification_digest_pending",
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationSettings(models.Model):
    """A person's choices: delivery per kind (absent: the kind's default) and digest hour."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    deliveries = models.JSONField(default=dict, blank=True)
    # The hour of the day, in the person's own time zone, when their digest is sent.
    digest_hour = models.PositiveSmallIntegerField(
        _("digest hour"), default=DEFAULT_DIGEST_HOUR, validators=[MaxValueValidator(23)]
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"notification settings of {self.user_id}"


class Digest(models.Model):
    """The daily digest of one person for one date in their time zone.

    Creating the row claims the day: the unique constraint lets only one sender have it,
    however often the schedule runs or the worker restarts.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    local_date = models.DateField()
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "local_date"], name="one_digest_per_person_and_day"
            )
        ]

    def __str__(self):
        return f"digest of {self.recipient_id} for {self.local_date}"
