"""Events sent through the channel layer to open WebSockets.

The database is the record; the channel layer only fans out, at most once. So every event
is sent after the transaction that caused it has committed. A send that fails is tried once
more, then counted and logged, never raised: the change is stored and its seq is in the
space's head, which every socket is told within the head interval, so clients sync it.
"""

import hashlib
import json
from functools import partial

from asgiref.sync import async_to_sync
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


def send_now(group, event):
    layer = get_channel_layer()
    if layer is None:
        return
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            async_to_sync(layer.group_send)(group, event)
            return
        except Exception as error:  # noqa: BLE001 - the change is stored; clients sync it
            if attempt == SEND_ATTEMPTS:
                counters.count(
                    "broadcasts_failed", detail=f"{event.get('type')} to {group}: {error!r}"
                )


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
