"""Every operation that writes notifications: create them, mark them read.

`notify()` is the one entry point for other apps. Each caller checks its own rights first
(who may approve, who may read a space) and passes only the people who should hear of it.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from wagtail.models import Page

from collaboration.events import send_now, user_group

from .choices import Delivery
from .kinds import get_kind
from .models import Notification, NotificationSettings
from .tasks import send_notification_email

BIGGEST_ID = 2**63 - 1


def notify(kind, recipients, *, actor=None, target=None, about=None, **params):
    """Tell each of `recipients` (users or ids) about something of `kind`.

    `target` is where the work is: a Wagtail page (linked in each reader's language) or a
    path on this site such as "/en/spaces/4/" (linked under each reader's language prefix).
    `about` is a page the notice names, with its title in the reader's language, when the
    link is a path. `params` fill the kind's text (strings and numbers; see kinds.py).
    Inactive accounts get nothing. The rows are written in one query; once the transaction
    commits, each recipient's open sockets get their new unread count and the immediate
    e-mails are enqueued (tasks.py). Returns the new notifications.
    """
    kind = get_kind(kind)
    ids = {getattr(recipient, "pk", recipient) for recipient in recipients}
    people = get_user_model().objects.filter(pk__in=ids, is_active=True)
    people = people.select_related("notification_settings")
    target_page = target if isinstance(target, Page) else None
    target_url = (target_page.url or "") if target_page else (target or "")
    if about is not None and target_page is None:
        target_page, params["linked_path"] = about, True
    if target_page is not None:
        # Shown if the page is gone; while it exists, its title in the reader's language.
        params.setdefault("title", target_page.title)
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=kind.name,
            actor=actor,
            target_page=target_page,
            target_url=target_url,
            params=params,
            delivery=delivery_for(person, kind),
            created=now,
        )
        for person in people
    )
    push_unread_counts(row.recipient_id for row in rows)
    immediate = [row.pk for row in rows if row.delivery == Delivery.IMMEDIATE]
    if immediate:
        for pk in immediate:
            transaction.on_commit(partial(send_notification_email.enqueue, pk))
    return rows


def delivery_for(user, kind):
    """How `user` wants to receive `kind`: their choice, or the kind's default."""
    try:
        chosen = user.notification_settings.deliveries.get(kind.name)
    except NotificationSettings.DoesNotExist:
        chosen = None
    return chosen if chosen in Delivery.values else kind.default_delivery


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def is_notification_id(value):
    """A whole number that can be a row's id (not a boolean, within the database's range)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= BIGGEST_ID


def mark_read(user, ids):
    """Mark the user's notifications with these ids read; all or nothing.

    Returns False, changing nothing, when any id is not one of the user's notifications.
    """
    ids = set(ids)
    if not all(map(is_notification_id, ids)):
        return False
    with transaction.atomic():
        mine = Notification.objects.filter(recipient=user, pk__in=ids)
        if mine.count() != len(ids):
            return False
        changed = mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    if changed:
        push_unread_counts([user.pk])
    return True


def mark_all_read(user):
    changed = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        push_unread_counts([user.pk])
    return changed


def push_unread_counts(user_ids):
    """Send each person's unread count to their open sockets once the transaction commits."""
    user_ids = set(user_ids)
    if user_ids:
        transaction.on_commit(partial(_push, user_ids))


def _push(user_ids):
    counts = dict.fromkeys(user_ids, 0)
    counts.update(
        Notification.objects.filter(recipient__in=user_ids, read_at__isnull=True)
        .order_by()
        .values_list("recipient")
        .annotate(Count("pk"))
    )
    for user_id, unread in counts.items():
        send_now(user_group(user_id), {"type": "notifications.count", "unread": unread})
