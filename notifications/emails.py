"""The e-mails of notifications: one at once, or the daily digest.

Each is written in the recipient's language and time zone, with a plain-text and an HTML
part and absolute links. Each is claimed so that no mail goes out twice: the notification
by its `emailed_at` before it is sent, the digest by its unique row in a transaction that
commits once the mail is handed over (or refused). A mail the server refuses is logged in
one line and not tried again: the notice stays in the platform.
"""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import Delivery
from .models import Digest, Notification
from .presentation import absolute_url, present

logger = logging.getLogger(__name__)

SUBJECT_LENGTH = 150


def pending_for_digest(user):
    return Notification.objects.filter(
        recipient=user, delivery=Delivery.DIGEST, digest__isnull=True, read_at__isnull=True
    )


def send_notification_email(notification_id):
    """Send one notification by e-mail, unless it was sent, or read, already."""
    claimed = Notification.objects.filter(
        pk=notification_id, emailed_at__isnull=True, read_at__isnull=True
    ).update(emailed_at=timezone.now())
    if not claimed:
        return
    notification = Notification.objects.select_related("recipient", "actor", "target_page").get(
        pk=notification_id
    )
    user = notification.recipient
    if not user.email or not user.is_active:
        return
    with _in_recipients_language(user):
        [notification] = present([notification])
        context = {
            "user": user,
            "notification": notification,
            "url": absolute_url(notification.url) if notification.url else "",
        }
        message = _message(user, notification.text, "notifications/email/notification", context)
    _deliver(message, f"notification {notification.pk}", user)


def send_digest(user_id, local_date):
    """Send the digest of `local_date` to the person, once, if something unread is in it."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return
    # The claim commits with the mail handed over: a worker that dies before that leaves
    # no claim, and the schedule's next minute sends the digest.
    with transaction.atomic():
        digest, created = Digest.objects.get_or_create(recipient=user, local_date=local_date)
        if not created:
            return  # another run has this day
        if not pending_for_digest(user).update(digest=digest):
            digest.delete()  # nothing unread: no mail, and the day stays open
            return
        notifications = Notification.objects.filter(digest=digest).select_related(
            "actor", "target_page"
        )
        with _in_recipients_language(user):
            notifications = present(notifications)
            for notification in notifications:
                notification.absolute_url = (
                    absolute_url(notification.url) if notification.url else ""
                )
            count = len(notifications)
            subject = ngettext(
                "%(count)d unread notification", "%(count)d unread notifications", count
            ) % {"count": count}
            context = {"user": user, "notifications": notifications, "date": local_date}
            message = _message(user, subject, "notifications/email/digest", context)
        if _deliver(message, f"digest {digest.pk} of {local_date}", user):
            Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())


@contextmanager
def _in_recipients_language(user):
    with translation.override(user.language), timezone.override(user.tzinfo):
        yield


def _message(user, subject, template, context):
    context = {
        **context,
        "site_name": _("COIL Commons"),
        "list_url": absolute_url(reverse("notifications:list")),
        "settings_url": absolute_url(reverse("notifications:settings")),
    }
    subject = " ".join(f"{_('COIL Commons')}: {subject}".split())[:SUBJECT_LENGTH]
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def _deliver(message, what, user):
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any refusal of the server: one line, no retry
        reason = " ".join(str(error).split())  # the server's answer may span lines
        logger.warning(
            "E-mail not sent (%s, user %s): %s: %s", what, user.pk, type(error).__name__, reason
        )
        return False
    return True
