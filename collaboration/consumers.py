"""The WebSocket of a discussion space: /ws/spaces/<id>/ (docs/protocol.md).

Frames from the client are queued and handled one after another by a task of the socket's
own, so that the consumer goes on reading its channel while it waits for the database:
a socket busy posting never lets its buffer of frames for the browser fill up. Every
failure of the database or the channel layer is answered (an `unavailable` error, or a
close with 4503), never left to end the consumer half-way; `leave()` always runs.
"""

import asyncio
import collections
import contextlib
import json
import logging
import time

from autobahn.exception import Disconnected
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from notifications.services import unread_count

from . import changes, counters, db, events, services
from .errors import ServiceError
from .hub import hub_for
from .ids import CHANGE_NUMBER, whole_number
from .models import Space
from .outages import UNAVAILABLE_ERRORS, unavailable
from .permissions import NO_ACCESS, space_access
from .serialisation import serialise_message, serialise_tombstone, serialise_user

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 64 * 1024
TYPING_INTERVAL = 3.0  # seconds between two typing notices of one socket
INBOX_LIMIT = 100  # frames from the client waiting to be handled


class FrameError(Exception):
    def __init__(self, code, detail):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def _whole_number(frame, name, what=None):
    return whole_number(frame.get(name), name, what)


def _text(frame, name, required=True):
    value = frame.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise FrameError("invalid", _("%(field)s must be text.") % {"field": name})
    return value


def _echo(value, limit=64):
    """`value` if it can go back to the client in a frame, else None."""
    if not isinstance(value, str):
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value[:limit]


def _load_space(space_id):
    return Space.objects.select_related("group").filter(pk=space_id).first()


def _recheck(user_id, space_id):
    """(close code or None, fresh access) after a change in who may do what."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return events.CLOSE_NOT_SIGNED_IN, NO_ACCESS
    space = Space.objects.filter(pk=space_id).first()
    if space is None:
        return events.CLOSE_NOT_FOUND, NO_ACCESS
    access = space_access(user, space)
    return (None if access.read else events.CLOSE_FORBIDDEN), access


class SpaceConsumer(AsyncWebsocketConsumer):
    async def __call__(self, scope, receive, send):
        self.ready = False
        self.closed = False
        self.joined = []
        self.hub = None
        self.worker = None
        self.inbox = asyncio.Queue(INBOX_LIMIT)
        self.probes = collections.deque(maxlen=4)
        self.last_typing = 0.0
        try:
            await super().__call__(scope, receive, send)
        except UNAVAILABLE_ERRORS as error:
            # The channel layer went away under the socket's reader (Redis stopped): an
            # outage like any other, one line in the log, not a crash with a traceback.
            unavailable(error, f"channel layer of {scope.get('path')!r}")
            with contextlib.suppress(Exception):
                await self.shut(events.CLOSE_UNAVAILABLE)
        except Exception:  # noqa: BLE001 - counted with its traceback, answered with 4503
            # Anything that escaped the handlers: answer with a retryable close and clean up
            # instead of leaving a 1011 and a person "online" in groups nobody reads.
            counters.count("consumer_crashes", detail=repr(scope.get("path")), exc_info=True)
            with contextlib.suppress(Exception):
                await self.shut(events.CLOSE_UNAVAILABLE)

    async def dispatch(self, message):
        # Channels closes the database connections of the consumer's thread before every
        # event; the handlers here reach the database only through db.py, whose calls do
        # that in their own threads, so frames fanned out to the browser skip that hop.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        # Accept first, so that the client sees our close code instead of a bare 403.
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.shut(events.CLOSE_NOT_SIGNED_IN)
            return
        self.user = user
        try:
            space = await db.read(_load_space)(self.scope["url_route"]["kwargs"]["space_id"])
            if space is None:
                await self.shut(events.CLOSE_NOT_FOUND)
                return
            self.space = space
            # Listen for revocations before checking access, so that none slips in between.
            await self.join_group(events.user_group(user.pk))
            session = self.scope.get("session")
            if session is not None and session.session_key:
                await self.join_group(events.session_group(session.session_key))
            self.access = await db.read(space_access)(user, space)
            if not self.access.read:
                await self.shut(events.CLOSE_FORBIDDEN)
                return
            await self.join_group(events.space_group(space.pk))
            self.user_info = await db.read(serialise_user)(user)
            # Read after joining the user's group: a change from now on is pushed too.
            unread = await db.read(unread_count)(user)
        except UNAVAILABLE_ERRORS as error:
            unavailable(error, "connect")
            await self.shut(events.CLOSE_UNAVAILABLE)
            return
        self.ready = True
        self.worker = asyncio.create_task(self.work())
        self.hub = hub_for(self.channel_layer, space.pk)
        self.hub.add(self)
        # What came while this socket was away (an outage, a laptop asleep) shows at once.
        await self.notifications_count({"unread": unread})

    async def join_group(self, group):
        self.joined.append(group)
        await self.channel_layer.group_add(group, self.channel_name)

    async def rejoin(self):
        """Join this socket's groups again, after the channel layer lost them."""
        try:
            for group in list(self.joined):
                await self.channel_layer.group_add(group, self.channel_name)
        except UNAVAILABLE_ERRORS as error:
            unavailable(error, "rejoin")
            await self.shut(events.CLOSE_UNAVAILABLE)

    async def leave(self):
        """Forget this socket everywhere; every step runs even when an earlier one fails."""
        self.ready = False
        if self.worker is not None and self.worker is not asyncio.current_task():
            self.worker.cancel()
        self.worker = None
        if self.hub is not None:
            self.hub.remove(self)
            self.hub = None
        joined, self.joined = self.joined, []
        for group in joined:
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except UNAVAILABLE_ERRORS:
                pass  # the layer is down; its groups expire and this channel is gone

    async def shut(self, code):
        await self.leave()
        if not self.closed:
            self.closed = True
            await self.close(code=code)

    async def disconnect(self, code):
        self.closed = True
        await self.leave()

    # Frames from the client ----------------------------------------------------------

    async def websocket_receive(self, message):
        if not self.ready:
            return
        try:
            self.inbox.put_nowait(message)
        except asyncio.QueueFull:
            await self.send_error("rate_limited", _("Too many frames at once; slow down."))

    async def work(self):
        while True:
            message = await self.inbox.get()
            try:
                await self.handle(message.get("text"), message.get("bytes"))
            except UNAVAILABLE_ERRORS as error:
                refusal = unavailable(error, "frame")
                await self.send_error(refusal.code, refusal.detail, None, refusal.retry_after)
            except Exception:  # noqa: BLE001 - counted with its traceback, answered with 4503
                counters.count("consumer_crashes", detail="frame handler", exc_info=True)
                await self.shut(events.CLOSE_UNAVAILABLE)
                return

    async def handle(self, text_data, bytes_data):
        if text_data is None:
            await self.send_error("invalid", _("Frames must be JSON text, not binary."))
            return
        if len(text_data.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES:
            await self.send_error("too_long", _("This frame is too large."))
            return
        try:
            frame = json.loads(text_data)
        except (ValueError, RecursionError):
            await self.send_error("invalid", _("This frame is not valid JSON."))
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("invalid", _("A frame is a JSON object with a type."))
            return
        handler = self.handlers.get(frame["type"])
        client_id = _echo(frame.get("client_id"))
        if handler is None:
            await self.send_error(
                "invalid",
                _("Unknown frame type “%(type)s”.") % {"type": _echo(frame["type"], 40) or "?"},
            )
            return
        try:
            await handler(self, frame)
        except (FrameError, ServiceError) as error:
            retry_after = getattr(error, "retry_after", None)
            await self.send_error(error.code, error.detail, client_id, retry_after)
        except UNAVAILABLE_ERRORS as error:
            refusal = unavailable(error, frame["type"])
            await self.send_error(refusal.code, refusal.detail, client_id, refusal.retry_after)

    async def send_frame(self, frame):
        await self.send(text_data=events.frame_text(frame))

    async def send_error(self, code, detail, client_id=None, retry_after=None):
        frame = {"type": "error", "code": code, "detail": str(detail)}
        if client_id is not None:
            frame["client_id"] = client_id
        if retry_after is not None:
            frame["retry_after"] = retry_after
        await self.send_frame(frame)

    async def on_send(self, frame):
        client_id = _text(frame, "client_id")
        body = _text(frame, "body")
        topic = _text(frame, "topic", required=False)
        posted = await db.write(services.post_message)(
            user=self.user, space=self.space, body=body, client_id=client_id, topic=topic
        )
        message = posted.message
        ack = {"type": "ack", "client_id": posted.data["client_id"], "id": message.pk}
        if message.hidden:
            # A resend of a message hidden since: its seq is the hide's, so the sender gets
            # the tombstone first (a client that missed the hide drops its copy) and an ack
            # without the hidden text.
            await self.send_frame({"type": "message.hidden", **serialise_tombstone(message)})
            await self.send_frame({**ack, "seq": message.seq, "hidden": True})
            return
        await self.send_frame({**ack, "seq": message.seq, "message": posted.data})

    async def on_sync(self, frame):
        if "after_seq" in frame:
            after_seq = _whole_number(frame, "after_seq", CHANGE_NUMBER)
            reply, head = await db.read(self.changes)(after_seq)
        else:
            after = _whole_number(frame, "after")
            reply, head = await db.read(self.history)(after)
        await self.send_frame({"type": "history", **reply})
        await self.send_frame({"type": "head", "seq": head})

    def _require_read(self):
        if not space_access(self.user, self.space).read:
            raise ServiceError("forbidden", _("You no longer have access to this space."))

    def changes(self, after_seq):
        self._require_read()
        found, head, has_more = changes.changes_after(self.space.pk, after_seq)
        return {"changes": found, "head": head, "has_more": has_more}, head

    def history(self, after):
        self._require_read()
        head = changes.head(self.space.pk)
        messages, has_more = services.list_messages(
            self.space, after=after, limit=services.HISTORY_LIMIT
        )
        reply = {"messages": [serialise_message(m) for m in messages], "has_more": has_more}
        return reply, head

    async def on_edit(self, frame):
        message_id = _whole_number(frame, "id")
        body = _text(frame, "body")
        await db.write(services.edit_message)(
            user=self.user, space=self.space, message_id=message_id, body=body
        )

    async def on_hide(self, frame):
        message_id = _whole_number(frame, "id")
        reason = _text(frame, "reason", required=False)
        await db.write(services.hide_message)(
            user=self.user, space=self.space, message_id=message_id, reason=reason
        )

    async def on_unhide(self, frame):
        message_id = _whole_number(frame, "id")
        await db.write(services.unhide_message)(
            user=self.user, space=self.space, message_id=message_id
        )

    async def on_read(self, frame):
        up_to = _whole_number(frame, "up_to")
        await db.write(services.mark_read)(user=self.user, space=self.space, up_to=up_to)

    async def on_typing(self, frame):
        if not self.access.post:
            raise FrameError("forbidden", _("You cannot post in this space."))
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL:
            return  # a notice went out moments ago; more would only add noise
        self.last_typing = now
        user = self.user_info
        await self.channel_layer.group_send(
            events.space_group(self.space.pk),
            {
                "type": "space.frame",
                "skip_user": self.user.pk,
                "text": events.frame_text(
                    {
                        "type": "typing",
                        "user": {
                            "id": user["id"],
                            "name": user["name"],
                            "institution": user["institution"],
                        },
                    }
                ),
            },
        )

    handlers = {
        "message.send": on_send,
        "sync": on_sync,
        "message.edit": on_edit,
        "message.hide": on_hide,
        "message.unhide": on_unhide,
        "read": on_read,
        "typing": on_typing,
    }

    async def send(self, text_data=None, bytes_data=None, close=False):
        # A frame can be on its way when the browser goes; daphne then raises instead of
        # dropping it (django/channels#1820), which would end this consumer before the
        # disconnect that follows could clean up. Drop the frame instead.
        with contextlib.suppress(Disconnected):
            await super().send(text_data=text_data, bytes_data=bytes_data, close=close)

    # Events from the channel layer ---------------------------------------------------

    async def space_frame(self, event):
        if self.ready and event.get("skip_user") != self.user.pk:
            await self.send(text_data=event["text"])

    async def space_probe(self, event):
        self.probes.append(event["token"])

    async def layer_overflow(self, event):
        # Frames for this socket were dropped: the client must reconnect and sync.
        if self.ready:
            counters.count("sockets_behind", detail=f"space {self.space.pk}")
            await self.shut(events.CLOSE_UNAVAILABLE)

    async def access_check(self, event):
        if not self.ready:
            return
        try:
            code, access = await db.read(_recheck)(self.user.pk, self.space.pk)
        except UNAVAILABLE_ERRORS as error:
            unavailable(error, "access check")
            await self.shut(events.CLOSE_UNAVAILABLE)
            return
        if code is not None:
            await self.shut(code)
        else:
            self.access = access

    async def access_revoke(self, event):
        if self.ready:
            await self.shut(event["code"])

    async def notifications_count(self, event):
        # The person's unread notifications changed (notifications/services.py).
        if self.ready:
            frame = {"type": "notifications", "unread": event["unread"]}
            await self.send(text_data=events.frame_text(frame))
