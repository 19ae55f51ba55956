"""Messages: the one way to post, edit, hide, unhide and read them.

The WebSocket consumer, the JSON API and the discussion page all call these functions;
nothing else writes messages. Each checks rights, validates, writes in a transaction that
also takes the space's next change seq (changes.py), and broadcasts only after the commit
(events.py).
"""

import datetime
import functools
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from home.text import clean_reason, clean_topic_text, is_blank
from notifications.services import notify

from . import events
from .changes import next_seq
from .errors import ServiceError
from .ids import whole_number
from .mentions import find_mentions, render_body, tell_mentioned
from .models import (
    DEFAULT_TOPIC,
    DEFAULT_TOPIC_LABEL,
    TOPIC_MAX_LENGTH,
    Message,
    ReadMark,
    Space,
)
from .permissions import readable_spaces, space_access
from .ratelimit import take_rate_slot
from .serialisation import serialise_message, serialise_tombstone

BODY_MAX_LENGTH = 10_000
EDIT_WINDOW = datetime.timedelta(minutes=15)
HISTORY_LIMIT = 100
PAGE_LIMIT_DEFAULT = 50
HIDE_REASON_MAX_LENGTH = 500


@dataclass
class Posted:
    message: Message
    created: bool
    data: dict


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


def _encodable(value, name):
    """Refuse text that no database can store: lone surrogates and NUL characters."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ServiceError(
            "invalid",
            _("%(field)s contains characters that are not valid text.") % {"field": name},
            field=name,
        ) from None
    if "\x00" in value:
        raise ServiceError(
            "invalid", _("%(field)s cannot contain NUL characters.") % {"field": name}, field=name
        )
    return value


def clean_body(body):
    if not isinstance(body, str):
        raise ServiceError("invalid", _("body must be text."), field="body")
    _encodable(body, "body")
    if len(body) > BODY_MAX_LENGTH:
        raise ServiceError(
            "too_long",
            _("A message can be at most %(limit)s characters long.") % {"limit": BODY_MAX_LENGTH},
            field="body",
        )
    if is_blank(body):
        raise ServiceError("invalid", _("A message cannot be empty."), field="body")
    return body


def _clean_text(value, field, clean, limit, too_long):
    """`value` checked as text and cleaned by `clean` (home/text.py), at most `limit` long.

    None gives ""; anything else that is not text, or that `clean` refuses, is `invalid`;
    text longer than `limit` is refused with `too_long` (an error code and its message).
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ServiceError("invalid", _("%(field)s must be text.") % {"field": field}, field=field)
    try:
        value = clean(value)
    except ValueError as error:
        raise ServiceError("invalid", str(error), field=field) from None
    if len(value) > limit:
        code, message = too_long
        raise ServiceError(code, message % {"limit": limit}, field=field)
    return value


def clean_topic(topic):
    topic = _clean_text(
        topic,
        "topic",
        clean_topic_text,
        TOPIC_MAX_LENGTH,
        ("invalid", _("A topic can be at most %(limit)s characters long.")),
    )
    if topic.casefold() in default_topic_names():
        return DEFAULT_TOPIC
    return topic


@functools.cache
def default_topic_names():
    """What, written as a topic, means the default topic (case folded): nothing, its label in
    every language of the site, and "general", the word older clients send for it."""
    names = {DEFAULT_TOPIC, "general"}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(DEFAULT_TOPIC_LABEL).casefold())
    return frozenset(names)


def clean_hide_reason(reason):
    return _clean_text(
        reason,
        "reason",
        clean_reason,
        HIDE_REASON_MAX_LENGTH,
        ("too_long", _("A reason can be at most %(limit)s characters long.")),
    )


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

    body_html, mentioned = render_body(body, space, user)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                space=space,
                author=user,
                topic=topic,
                body=body,
                body_html=body_html,
                client_id=client_id,
                seq=next_seq(space.pk),
            )
            data = serialise_message(message)
            events.broadcast_frame(
                space.pk, {"type": "message", "seq": message.seq, "message": data}
            )
            tell_mentioned(mentioned, space=space, message=message, author=user)
    except IntegrityError:
        # The same client id arrived twice at once; the other one won.
        existing = _stored(user, client_id, space)
        if existing is None:
            raise
        return Posted(existing, False, serialise_message(existing))
    return Posted(message, True, data)


def _message_in(space, message_id, hidden=False):
    whole_number(message_id, "id")
    message = (
        Message.objects.select_related("author__institution")
        .filter(space=space, pk=message_id, hidden=hidden)
        .first()
    )
    if message is None:
        if hidden:
            raise ServiceError("not_found", _("There is no such hidden message in this space."))
        raise ServiceError("not_found", _("There is no such message in this space."))
    return message


class _Unchanged(Exception):
    """Rolls back a change (and the seq it took) that another request made first."""


def edit_message(*, user, space, message_id, body):
    """Change the body of one's own message within 15 minutes of posting it."""
    space = get_space(space)
    _require_access(user, space, "post")
    message = _message_in(space, message_id)
    if message.author_id != user.pk:
        raise ServiceError("forbidden", _("Only the author can edit a message."))
    if timezone.now() - message.created_at > EDIT_WINDOW:
        raise ServiceError("forbidden", _("A message can only be edited in the first 15 minutes."))
    body = clean_body(body)
    body_html, mentioned = render_body(body, space, user)
    # Only the people this edit mentions anew hear of it.
    mentioned -= find_mentions(message.body, space, user).recipients
    edited_at = timezone.now()
    try:
        with transaction.atomic():
            seq = next_seq(space.pk)
            if not Message.objects.filter(pk=message.pk, hidden=False).update(
                body=body, body_html=body_html, edited_at=edited_at, seq=seq
            ):
                raise _Unchanged
            message.body, message.body_html = body, body_html
            message.edited_at, message.seq = edited_at, seq
            data = serialise_message(message)
            events.broadcast_frame(space.pk, {"type": "message", "seq": seq, "message": data})
            tell_mentioned(mentioned, space=space, message=message, author=user)
    except _Unchanged:
        raise ServiceError("not_found", _("There is no such message in this space.")) from None
    return data


def hide_message(*, user, space, message_id, reason=None):
    """Hide a message from everyone (moderation by the module's teachers and superusers).

    The author is told, with `reason` if one is given (plain text, at most
    HIDE_REASON_MAX_LENGTH characters), unless they hid it themselves.
    """
    space = get_space(space)
    _require_access(user, space, "hide")
    reason = clean_hide_reason(reason)
    message = _message_in(space, message_id)
    try:
        with transaction.atomic():
            seq = next_seq(space.pk)
            if not Message.objects.filter(pk=message.pk, hidden=False).update(
                hidden=True,
                hidden_by=user,
                hidden_at=timezone.now(),
                hidden_reason=reason or "",
                seq=seq,
            ):
                raise _Unchanged  # hidden by someone else a moment ago: no new change
            message.hidden, message.seq = True, seq
            events.broadcast_frame(
                space.pk, {"type": "message.hidden", **serialise_tombstone(message)}
            )
            if message.author_id != user.pk:
                notify(
                    "message_hidden",
                    [message.author_id],
                    actor=user,
                    reason=reason,
                    **space.notice_arguments(),
                )
    except _Unchanged:
        pass
    return message.pk


def unhide_message(*, user, space, message_id):
    """Show a hidden message again (the module's teachers and superusers); returns it."""
    space = get_space(space)
    _require_access(user, space, "hide")
    message = _message_in(space, message_id, hidden=True)
    try:
        with transaction.atomic():
            seq = next_seq(space.pk)
            if not Message.objects.filter(pk=message.pk, hidden=True).update(
                hidden=False, hidden_by=None, hidden_at=None, hidden_reason="", seq=seq
            ):
                raise _Unchanged
            message.hidden, message.hidden_by, message.seq = False, None, seq
            data = serialise_message(message)
            events.broadcast_frame(space.pk, {"type": "message", "seq": seq, "message": data})
    except _Unchanged:
        message.refresh_from_db()
        data = serialise_message(message)
    return data


def hidden_messages(spaces):
    """The hidden messages of `spaces`, newest first, with who wrote and who hid them."""
    return (
        Message.objects.filter(space__in=spaces, hidden=True)
        .select_related("author__institution", "hidden_by", "space__group")
        .order_by("-hidden_at", "-pk")
    )


def list_messages(space, *, after=None, before=None, limit=PAGE_LIMIT_DEFAULT, topic=None):
    """Visible messages of a space, oldest first, and whether more lie beyond them.

    With `after`: the first `limit` messages after it (has_more: newer ones remain).
    Otherwise: the last `limit` messages (before `before`, if given; has_more: older ones
    remain).
    """
    queryset = Message.objects.filter(space=space, hidden=False).select_related(
        "author__institution"
    )
    if topic is not None:
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
    whole_number(up_to, "up_to")
    newest = Message.objects.filter(space=space).aggregate(newest=Max("pk"))["newest"] or 0
    up_to = min(up_to, newest)
    mark, created = ReadMark.objects.get_or_create(
        user=user, space=space, defaults={"last_read_id": up_to}
    )
    if not created and up_to > mark.last_read_id:
        ReadMark.objects.filter(pk=mark.pk, last_read_id__lt=up_to).update(last_read_id=up_to)
        mark.last_read_id = up_to
    return mark.last_read_id


def readable_spaces_with_unread(user):
    """The spaces `user` may read, each annotated with `unread`: the one count of unread messages.

    Unread are the visible messages of others after the person's read mark; one query
    whatever the number of spaces.
    """
    # Evaluated inside the message subquery: OuterRef("space") is the message's space.
    last_read = ReadMark.objects.filter(user=user, space=OuterRef("space")).values("last_read_id")
    unread = (
        Message.objects.filter(
            space=OuterRef("pk"),
            hidden=False,
            pk__gt=Coalesce(Subquery(last_read[:1]), Value(0)),
        )
        .exclude(author=user)
        .order_by()
        .values("space")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return readable_spaces(user).annotate(
        unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
    )
