"""The WebSocket of a discussion space: /ws/spaces/<id>/ (docs/protocol.md)."""

import asyncio
import contextlib
import json
import time

from asgiref.sync import sync_to_async
from autobahn.exception import Disconnected
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from . import events, presence, services
from .models import Space
from .permissions import NO_ACCESS, space_access

MAX_FRAME_CHARS = 64 * 1024
TYPING_INTERVAL = 3.0  # seconds between two typing notices of one socket
PRESENCE_DELAY = 0.5  # seconds to collect joins and leaves into one presence frame


class FrameError(Exception):
    def __init__(self, code, detail):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def _whole_number(frame, name):
    value = frame.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FrameError("invalid", _("%(field)s must be a message id.") % {"field": name})
    return value


def _text(frame, name, required=True):
    value = frame.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise FrameError("invalid", _("%(field)s must be text.") % {"field": name})
    return value


@database_sync_to_async
def _load_space(space_id):
    return Space.objects.select_related("group").filter(pk=space_id).first()


@database_sync_to_async
def _access(user, space):
    return space_access(user, space)


@database_sync_to_async
def _serialise_user(user):
    return services.serialise_user(user)


@database_sync_to_async
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


_presence_pending = {}  # (event loop, space id) -> the task that will send the next frame


def broadcast_presence_soon(layer, space_id):
    """Send the space's presence list to its sockets PRESENCE_DELAY seconds from now.

    Joins and leaves within that time share one frame, so a class arriving for a session
    costs a few frames instead of one list per arrival to everyone already there. Every
    change is followed by a frame read after it: the pending entry is removed before the
    list is read, so a later change schedules a new frame.
    """
    key = (asyncio.get_running_loop(), space_id)
    if key in _presence_pending:
        return

    async def broadcast():
        await asyncio.sleep(PRESENCE_DELAY)
        del _presence_pending[key]
        online = await sync_to_async(presence.online)(space_id)
        await layer.group_send(
            events.space_group(space_id),
            {
                "type": "space.frame",
                "text": events.frame_text({"type": "presence", "online": online}),
            },
        )

    _presence_pending[key] = asyncio.create_task(broadcast())


class SpaceConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.ready = False
        self.joined = []
        self.present = False
        self.heartbeat = None
        self.last_typing = 0.0
        # Accept first, so that the client sees our close code instead of a bare 403.
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.shut(events.CLOSE_NOT_SIGNED_IN)
            return
        self.user = user
        space = await _load_space(self.scope["url_route"]["kwargs"]["space_id"])
        if space is None:
            await self.shut(events.CLOSE_NOT_FOUND)
            return
        self.space = space
        # Listen for revocations before checking access, so that none slips in between.
        await self.join_group(events.user_group(user.pk))
        session = self.scope.get("session")
        if session is not None and session.session_key:
            await self.join_group(events.session_group(session.session_key))
        self.access = await _access(user, space)
        if not self.access.read:
            await self.shut(events.CLOSE_FORBIDDEN)
            return
        await self.join_group(events.space_group(space.pk))
        self.user_info = await _serialise_user(user)
        self.ready = True
        await self.announce(presence.join, self.user_info)
        self.heartbeat = asyncio.create_task(self.keep_present())

    async def join_group(self, group):
        await self.channel_layer.group_add(group, self.channel_name)
        self.joined.append(group)

    async def announce(self, change, *args):
        await sync_to_async(change)(self.space.pk, self.channel_name, *args)
        self.present = change is not presence.leave
        broadcast_presence_soon(self.channel_layer, self.space.pk)

    async def keep_present(self):
        while True:
            await asyncio.sleep(presence.REFRESH_SECONDS)
            await sync_to_async(presence.refresh)(self.space.pk, self.channel_name, self.user_info)

    async def leave(self):
        self.ready = False
        if self.heartbeat is not None:
            self.heartbeat.cancel()
            self.heartbeat = None
        joined, self.joined = self.joined, []
        for group in joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.present:
            await self.announce(presence.leave)

    async def shut(self, code):
        await self.leave()
        await self.close(code=code)

    async def disconnect(self, code):
        await self.leave()

    # Frames from the client ----------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if not self.ready:
            return
        if text_data is None:
            await self.send_error("invalid", _("Frames must be JSON text, not binary."))
            return
        if len(text_data) > MAX_FRAME_CHARS:
            await self.send_error("too_long", _("This frame is too large."))
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self.send_error("invalid", _("This frame is not valid JSON."))
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("invalid", _("A frame is a JSON object with a type."))
            return
        handler = self.handlers.get(frame["type"])
        client_id = frame.get("client_id") if isinstance(frame.get("client_id"), str) else None
        if handler is None:
            await self.send_error(
                "invalid", _("Unknown frame type “%(type)s”.") % {"type": frame["type"][:40]}
            )
            return
        try:
            await handler(self, frame)
        except (FrameError, services.ServiceError) as error:
            retry_after = getattr(error, "retry_after", None)
            await self.send_error(error.code, error.detail, client_id, retry_after)

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
        posted = await database_sync_to_async(services.post_message)(
            user=self.user, space=self.space, body=body, client_id=client_id, topic=topic
        )
        await self.send_frame(
            {
                "type": "ack",
                "client_id": posted.data["client_id"],
                "id": posted.message.pk,
                "message": posted.data,
            }
        )

    async def on_sync(self, frame):
        after = _whole_number(frame, "after")
        messages, has_more = await database_sync_to_async(self.history)(after)
        await self.send_frame({"type": "history", "messages": messages, "has_more": has_more})

    def history(self, after):
        if not space_access(self.user, self.space).read:
            raise services.ServiceError("forbidden", _("You no longer have access to this space."))
        messages, has_more = services.list_messages(
            self.space, after=after, limit=services.HISTORY_LIMIT
        )
        return [services.serialise_message(message) for message in messages], has_more

    async def on_edit(self, frame):
        message_id = _whole_number(frame, "id")
        body = _text(frame, "body")
        await database_sync_to_async(services.edit_message)(
            user=self.user, space=self.space, message_id=message_id, body=body
        )

    async def on_hide(self, frame):
        message_id = _whole_number(frame, "id")
        await database_sync_to_async(services.hide_message)(
            user=self.user, space=self.space, message_id=message_id
        )

    async def on_read(self, frame):
        up_to = _whole_number(frame, "up_to")
        await database_sync_to_async(services.mark_read)(
            user=self.user, space=self.space, up_to=up_to
        )

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

    async def access_check(self, event):
        if not self.ready:
            return
        code, access = await _recheck(self.user.pk, self.space.pk)
        if code is not None:
            await self.shut(code)
        else:
            self.access = access

    async def access_revoke(self, event):
        if self.ready:
            await self.shut(event["code"])
