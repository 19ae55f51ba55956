"""When each person's daily digest is due: at their chosen hour in their own time zone.

The schedule asks every minute (schedule.py). A digest is due during the hour that starts
at the chosen local hour of the person's current local date, for people with something
unread waiting for a digest and no digest yet for that date. The hour is found with the
zone's rules of that date, so it keeps its local time across a daylight-saving change; an
hour that the change skips starts at the first moment after the gap, and an hour that
happens twice counts once (the digest row of the date).
"""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model

from .choices import Delivery
from .models import DEFAULT_DIGEST_HOUR, Digest, Notification, NotificationSettings

WINDOW = datetime.timedelta(hours=1)


def digest_window(local_date, hour, zone):
    """The UTC start and end of the digest hour on `local_date` in `zone`."""
    start = datetime.datetime.combine(local_date, datetime.time(hour), tzinfo=zone)
    start = start.astimezone(datetime.UTC)
    return start, start + WINDOW


def due_digests(now):
    """(user id, local date) of every digest due at `now` (an aware datetime)."""
    waiting = Notification.objects.filter(
        delivery=Delivery.DIGEST, digest__isnull=True, read_at__isnull=True
    ).values("recipient")
    people = (
        get_user_model()
        .objects.filter(pk__in=waiting, is_active=True)
        .exclude(email="")
        .select_related("notification_settings")
    )
    due = {}
    for person in people:
        try:
            zone = zoneinfo.ZoneInfo(person.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = datetime.UTC
        local_date = now.astimezone(zone).date()
        start, end = digest_window(local_date, _digest_hour(person), zone)
        if start <= now < end:
            due[person.pk] = local_date
    sent = set(
        Digest.objects.filter(recipient__in=due, local_date__in=set(due.values())).values_list(
            "recipient", "local_date"
        )
    )
    return [(pk, local_date) for pk, local_date in due.items() if (pk, local_date) not in sent]


def _digest_hour(person):
    try:
        return person.notification_settings.digest_hour
    except NotificationSettings.DoesNotExist:
        return DEFAULT_DIGEST_HOUR
