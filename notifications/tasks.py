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
def send_due_digests():
    """Periodic: enqueue the digests due now (schedule.py runs it every minute)."""
    digests.enqueue_due_digests(timezone.now())
