"""Messages: the one way to post, edit, hide and read them.

The WebSocket consumer, the JSON API and the discussion page all call these functions;
nothing else writes messages. Each checks rights, validates, writes in a transaction and
broadcasts only after the commit (events.py).
"""

import datetime
import math
import re
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import events
from .models import DEFAULT_TOPIC, TOPIC_MAX_LENGTH, Message, ReadMark, Space
from .permissions import space_access
from .rendering import render_markdown

BODY_MAX_LENGTH = 10_000
EDIT_WINDOW = datetime.timedelta(minutes=15)
HISTORY_LIMIT = 100
PAGE_LIMIT_DEFAULT = 50

HTTP_STATUS = {
    "invalid": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "too_long": 413,
    "rate_limited": 429,
}


class ServiceError(Exception):
    """A refusal with a protocol error code (docs/protocol.md) and a readable detail."""

    def __init__(self, code, detail, retry_after=None):
        super().__init__(detail)
        self.code = code
        self.detail = str(detail)
        self.retry_after = retry_after

    @property
    def status(self):
        return HTTP_STATUS[self.code]

    def as_dict(self):
        data = {"error": self.code, "detail": self.detail}
        if self.retry_after is not None:
            data["retry_after"] = self.retry_after
        return data


@dataclass
class Posted:
    message: Message
    created: bool
    data: dict


# Serialisation -------------------------------------------------------------------------


def isoformat(value):
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def serialise_user(user):
    institution = user.institution
    return {
        "id": user.pk,
        "name": user.name,
        "institution": institution.short_name if institution else None,
        "country": institution.country.code if institution and institution.country else None,
        "timezone": user.timezone,
    }


def serialise_message(message):
    return {
        "id": message.pk,
        "client_id": str(message.client_id),
        "space": message.space_id,
        "topic": message.topic,
        "author": serialise_user(message.author),
        "body": message.body,
        "body_html": message.body_html,
        "created_at": isoformat(message.created_at),
        "edited_at": isoformat(message.edited_at),
    }


# Validation ----------------------------------------------------------------------------


def get_space(space_id):
    """The space with this id, or ServiceError not_found."""
    if isinstance(space_id, Space):
        return space_id
    try:
        return Space.objects.select_related("group").get(pk=int(space_id))
    except (Space.DoesNotExist, TypeError, ValueError):
        raise ServiceError("not_found", _("There is no such discussion space.")) from None


def parse_client_id(value):
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str):
        raise ServiceError("invalid", _("client_id must be a UUID."))
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ServiceError("invalid", _("client_id must be a UUID.")) from None


def clean_body(body):
    if not isinstance(body, str):
        raise ServiceError("invalid", _("body must be text."))
    if len(body) > BODY_MAX_LENGTH:
        raise ServiceError(
            "too_long",
            _("A message can be at most %(limit)s characters long.") % {"limit": BODY_MAX_LENGTH},
        )
    if not body.strip():
        raise ServiceError("invalid", _("A message cannot be empty."))
    return body


_WHITESPACE = re.compile(r"\s+")


def clean_topic(topic):
    if topic is None:
        return DEFAULT_TOPIC
    if not isinstance(topic, str):
        raise ServiceError("invalid", _("topic must be text."))
    topic = _WHITESPACE.sub(" ", topic).strip()
    if not topic:
        return DEFAULT_TOPIC
    if len(topic) > TOPIC_MAX_LENGTH:
        raise ServiceError(
            "invalid",
            _("A topic can be at most %(limit)s characters long.") % {"limit": TOPIC_MAX_LENGTH},
        )
    if any(ord(char) < 32 for char in topic):
        raise ServiceError("invalid", _("A topic cannot contain control characters."))
    return topic


def _require_access(user, space, right):
    access = space_access(user, space)
    if not getattr(access, right):
        if not access.read:
            detail = _("You are not a member of this discussion space.")
        elif right == "post":
            detail = _("You can read this space but not post in it.")
        else:
            detail = _("Only the module's teachers can hide messages.")
        raise ServiceError("forbidden", detail)
    return access


# Rate limit ----------------------------------------------------------------------------


def message_rate():
    """(count, seconds) from COIL_MESSAGE_RATE, for example "30/10s"."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*", settings.COIL_MESSAGE_RATE)
    if not match:
        raise ValueError(
            f"COIL_MESSAGE_RATE must look like 30/10s, not {settings.COIL_MESSAGE_RATE!r}"
        )
    return int(match.group(1)), float(match.group(2))


def with_cache_lock(key, function):
    """Run `function` while holding a short cache lock (add() is atomic on locmem and Redis)."""
    lock = f"{key}:lock"
    for attempt in range(100):
        if cache.add(lock, 1, timeout=2):
            try:
                return function()
            finally:
                cache.delete(lock)
        time.sleep(0.001 * min(attempt + 1, 10))
    return function()  # a stuck lock expires after 2 s; don't refuse the message over it


def take_rate_slot(user_id):
    """Record one message by this user; return 0, or the seconds to wait if over the limit.

    A sliding window: at most `count` messages in any `seconds`, counted in the cache so
    that every process of the site shares it.
    """
    count, seconds = message_rate()
    key = f"collaboration:rate:{user_id}"

    def take():
        now = time.time()
        stamps = [stamp for stamp in cache.get(key, []) if stamp > now - seconds]
        if len(stamps) >= count:
            return max(1, math.ceil(stamps[-count] + seconds - now))
        stamps.append(now)
        cache.set(key, stamps, timeout=math.ceil(seconds) + 1)
        return 0

    return with_cache_lock(key, take)


# Messages ------------------------------------------------------------------------------


def _stored(user, client_id, space):
    message = (
        Message.objects.select_related("author__institution")
        .filter(author_id=user.pk, client_id=client_id)
        .first()
    )
    if message is not None and message.space_id != space.pk:
        raise ServiceError("invalid", _("This client_id was already used in another space."))
    return message


def post_message(*, user, space, body, client_id, topic=None):
    """Post a message; the one function every path uses.

    Returns `Posted(message, created, data)`; `created` is False when a message with this
    client id by this author already exists, which is then returned unchanged. Raises
    `ServiceError` with code not_found, forbidden, invalid, too_long or rate_limited, in
    which case nothing is stored.
    """
    space = get_space(space)
    client_id = parse_client_id(client_id)
    _require_access(user, space, "post")
    body = clean_body(body)
    topic = clean_topic(topic)

    existing = _stored(user, client_id, space)
    if existing is not None:
        return Posted(existing, False, serialise_message(existing))

    wait = take_rate_slot(user.pk)
    if wait:
        raise ServiceError(
            "rate_limited",
            _("You are sending messages too fast. Try again in %(seconds)s s.") % {"seconds": wait},
            retry_after=wait,
        )

    body_html = render_markdown(body)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                space=space,
                author=user,
                topic=topic,
                body=body,
                body_html=body_html,
                client_id=client_id,
            )
            data = serialise_message(message)
            events.broadcast_frame(space.pk, {"type": "message", "message": data})
    except IntegrityError:
        # The same client id arrived twice at once; the other one won.
        existing = _stored(user, client_id, space)
        if existing is None:
            raise
        return Posted(existing, False, serialise_message(existing))
    return Posted(message, True, data)


def _message_in(space, message_id):
    if isinstance(message_id, bool) or not isinstance(message_id, int):
        raise ServiceError("invalid", _("id must be a message id."))
    message = (
        Message.objects.select_related("author__institution")
        .filter(space=space, pk=message_id, hidden=False)
        .first()
    )
    if message is None:
        raise ServiceError("not_found", _("There is no such message in this space."))
    return message


def edit_message(*, user, space, message_id, body):
    """Change the body of one's own message within 15 minutes of posting it."""
    space = get_space(space)
    _require_access(user, space, "post")
    message = _message_in(space, message_id)
    if message.author_id != user.pk:
        raise ServiceError("forbidden", _("Only the author can edit a message."))
    if timezone.now() - message.created_at > EDIT_WINDOW:
        raise ServiceError("forbidden", _("A message can only be edited in the first 15 minutes."))
    message.body = clean_body(body)
    message.body_html = render_markdown(message.body)
    message.edited_at = timezone.now()
    with transaction.atomic():
        message.save(update_fields=["body", "body_html", "edited_at"])
        data = serialise_message(message)
        events.broadcast_frame(space.pk, {"type": "message", "message": data})
    return data


def hide_message(*, user, space, message_id):
    """Hide a message from everyone (moderation by the module's teachers and superusers)."""
    space = get_space(space)
    _require_access(user, space, "hide")
    message = _message_in(space, message_id)
    with transaction.atomic():
        updated = Message.objects.filter(pk=message.pk, hidden=False).update(
            hidden=True, hidden_by=user
        )
        if updated:
            events.broadcast_frame(space.pk, {"type": "message.hidden", "id": message.pk})
    return message.pk


def list_messages(space, *, after=None, before=None, limit=PAGE_LIMIT_DEFAULT, topic=None):
    """Visible messages of a space, oldest first, and whether more lie beyond them.

    With `after`: the first `limit` messages after it (has_more: newer ones remain).
    Otherwise: the last `limit` messages (before `before`, if given; has_more: older ones
    remain).
    """
    queryset = Message.objects.filter(space=space, hidden=False).select_related(
        "author__institution"
    )
    if topic:
        queryset = queryset.filter(topic=topic)
    if before is not None:
        queryset = queryset.filter(pk__lt=before)
    if after is not None:
        messages = list(queryset.filter(pk__gt=after).order_by("pk")[: limit + 1])
        return messages[:limit], len(messages) > limit
    messages = list(queryset.order_by("-pk")[: limit + 1])
    return messages[:limit][::-1], len(messages) > limit


def last_read_id(user, space):
    mark = ReadMark.objects.filter(user_id=user.pk, space=space).values("last_read_id").first()
    return mark["last_read_id"] if mark else 0


def mark_read(*, user, space, up_to):
    """Move the user's read mark forward to `up_to` (never back); return the stored mark."""
    space = get_space(space)
    _require_access(user, space, "read")
    if isinstance(up_to, bool) or not isinstance(up_to, int) or up_to < 0:
        raise ServiceError("invalid", _("up_to must be a message id."))
    newest = Message.objects.filter(space=space).aggregate(newest=Max("pk"))["newest"] or 0
    up_to = min(up_to, newest)
    mark, created = ReadMark.objects.get_or_create(
        user=user, space=space, defaults={"last_read_id": up_to}
    )
    if not created and up_to > mark.last_read_id:
        ReadMark.objects.filter(pk=mark.pk, last_read_id__lt=up_to).update(last_read_id=up_to)
        mark.last_read_id = up_to
    return mark.last_read_id


def unread_count(user, space):
    return (
        Message.objects.filter(space=space, hidden=False, pk__gt=last_read_id(user, space))
        .exclude(author_id=user.pk)
        .count()
    )
