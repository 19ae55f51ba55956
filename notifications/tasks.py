"""Background tasks (django-tasks): e-mails and the digests. Each is safe to run twice."""

import datetime

from django.utils import timezone
from django_tasks import task

from . import digests, emails


@task()
def send_notification_email(notification_id):
    emails.send_notification_email(notification_id)


@task()
def send_digest(user_id, local_date):
    emails.send_digest(user_id, datetime.date.fromisoformat(local_date))


@task()
def send_due_digests(now=None):
    """Periodic: enqueue the digests due now, or at `now` (ISO 8601), every minute."""
    enqueue_due_digests(datetime.datetime.fromisoformat(now) if now else timezone.now())


def enqueue_due_digests(now):
    """Enqueue one `send_digest` for each person whose digest is due at `now`."""
    for user_id, local_date in digests.due_digests(now):
        send_digest.enqueue(user_id, local_date.isoformat())
