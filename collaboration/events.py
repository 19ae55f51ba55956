"""Events sent through the channel layer to open WebSockets.

The database is the record; the channel layer only fans out, at most once. So every event
is sent after the transaction that caused it has committed. A send that fails is tried once
more, then counted and logged, never raised: the change is stored and its seq is in the
space's head, which every socket is told within the head interval, so clients sync it.

Code that runs in a thread for an event loop (a consumer's or an ASGI view's database call)
hands its events to that loop and goes on: the loop sends them one after another in the
order they came, and the thread, often the one that every write of the process queues for,
does not wait while the loop fans a frame out.
"""

import asyncio
import collections
import hashlib
import json
import os
import weakref
from functools import partial

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from . import counters

SEND_ATTEMPTS = 2

# Close codes of the WebSocket protocol (docs/protocol.md).
CLOSE_NOT_SIGNED_IN = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
# The server cannot keep this socket up to date: reconnect after a backoff, then sync.
CLOSE_UNAVAILABLE = 4503


def space_group(space_id):
    return f"space.{space_id}"


def user_group(user_id):
    return f"user.{user_id}"


def session_group(session_key):
    # The session key itself is a credential; only a digest of it goes to the layer.
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


def frame_text(frame):
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


async def _send(layer, group, event):
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            await layer.group_send(group, event)
            return
        except Exception as error:  # noqa: BLE001 - the change is stored; clients sync it
            if attempt == SEND_ATTEMPTS:
                counters.count(
                    "broadcasts_failed", detail=f"{event.get('type')} to {group}: {error!r}"
                )


class _Outbox:
    """The events handed to one event loop, sent in order by one task of that loop."""

    def __init__(self):
        self.waiting = collections.deque()
        self.task = None

    def put(self, layer, group, event):  # runs in the loop
        self.waiting.append((layer, group, event))
        if self.task is None:
            self.task = asyncio.get_running_loop().create_task(self.drain())

    async def drain(self):
        try:
            while self.waiting:
                await _send(*self.waiting.popleft())
        finally:
            self.task = None


_outboxes = weakref.WeakKeyDictionary()  # event loop -> _Outbox


def _loop_waiting_for_this_thread():
    """The running event loop that called this thread through sync_to_async, if any."""
    local = SyncToAsync.threadlocal
    loop = getattr(local, "main_event_loop", None)
    if loop is None or getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    return loop if loop.is_running() else None


def _put(loop, layer, group, event):
    outbox = _outboxes.get(loop)
    if outbox is None:
        outbox = _outboxes[loop] = _Outbox()
    outbox.put(layer, group, event)


def send_now(group, event):
    layer = get_channel_layer()
    if layer is None:
        return
    loop = _loop_waiting_for_this_thread()
    if loop is None:
        async_to_sync(_send)(layer, group, event)
        return
    try:
        loop.call_soon_threadsafe(_put, loop, layer, group, event)
    except RuntimeError:  # that loop closed meanwhile
        async_to_sync(_send, force_new_loop=True)(layer, group, event)


def send_after_commit(group, event):
    transaction.on_commit(partial(send_now, group, event))


def broadcast_frame(space_id, frame, **extra):
    """Send `frame` to every socket in the space once the current transaction commits."""
    send_after_commit(
        space_group(space_id), {"type": "space.frame", "text": frame_text(frame), **extra}
    )


def check_access(user_id):
    """Ask the user's open sockets to check their access again (after commit)."""
    send_after_commit(user_group(user_id), {"type": "access.check"})


def revoke_user(user_id, code=CLOSE_NOT_SIGNED_IN):
    send_after_commit(user_group(user_id), {"type": "access.revoke", "code": code})


def revoke_session(session_key, code=CLOSE_NOT_SIGNED_IN):
    send_after_commit(session_group(session_key), {"type": "access.revoke", "code": code})


def close_space(space_id):
    send_after_commit(space_group(space_id), {"type": "access.revoke", "code": CLOSE_NOT_FOUND})
