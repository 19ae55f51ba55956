"""The shapes of people and messages that the WebSocket, the API and the page send.

A message goes out as JSON with its HTML (`html`), drawn by the one template
`collaboration/includes/message.html` that the discussion page also uses. In a frame that
HTML is the same for every reader: drawn in UTC with no language, and with nothing about the
reader's rights, so that a frame is encoded once for everyone in the space. The browser
client adds the reader's controls, formats the `<time>` elements in the reader's zone and
language and puts the words of its own catalogue in.
"""

import datetime
import functools
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

MESSAGE_TEMPLATE = "collaboration/includes/message.html"
# Drawings kept per process. A sync or a page shows mostly the latest messages, so each
# state of a message is drawn about once however many sockets ask for it. A drawing keeps
# its body twice (as a key and in the HTML): a few KiB for a chat message, about 130 KiB for
# the longest one, so the cache holds at most about 130 MiB and mostly a few MiB.
DRAWINGS_KEPT = 1024


def isoformat(value):
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class MessageDrawing:
    """Everything the message template shows, and nothing else: the key of a drawing."""

    id: int
    seq: int
    hidden: bool
    client_id: str = ""
    author_id: int = 0
    author_name: str = ""
    institution: str = ""
    topic: str = ""
    body_html: str = ""
    created_at: datetime.datetime | None = None
    edited_at: datetime.datetime | None = None


@functools.lru_cache(maxsize=DRAWINGS_KEPT)
def _draw(drawing, zone, language):
    with translation.override(language), timezone.override(zone):
        html = render_to_string(MESSAGE_TEMPLATE, {"message": drawing})
    return mark_safe(html.strip())  # noqa: S308 - the template escaped what it shows


def message_html(message, zone=datetime.UTC, language=None):
    """The HTML of a message (a tombstone for a hidden one).

    The frames and the API carry it as drawn for nobody in particular: in UTC and with no
    language, the same for every reader. The discussion page draws it in the reader's zone
    and language, for the reader without JavaScript; the client formats the times and
    words of both alike.
    """
    if message.hidden:
        return _draw(MessageDrawing(id=message.pk, seq=message.seq, hidden=True), zone, language)
    institution = message.author.institution
    drawing = MessageDrawing(
        id=message.pk,
        seq=message.seq,
        hidden=False,
        client_id=str(message.client_id),
        author_id=message.author_id,
        author_name=message.author.name,
        institution=institution.short_name if institution else "",
        topic=message.topic,
        body_html=message.body_html,
        created_at=message.created_at,
        edited_at=message.edited_at,
    )
    return _draw(drawing, zone, language)


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
        "seq": message.seq,
        "topic": message.topic,
        "author": serialise_user(message.author),
        "body": message.body,
        "body_html": message.body_html,
        "created_at": isoformat(message.created_at),
        "edited_at": isoformat(message.edited_at),
        "html": message_html(message),
    }


def serialise_tombstone(message):
    """What is left of a hidden message: the seq of its hiding, its id, and its tombstone."""
    return {"seq": message.seq, "id": message.pk, "html": message_html(message)}
