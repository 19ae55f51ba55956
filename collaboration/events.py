"""Events sent through the channel layer to open WebSockets.

The database is the record; the channel layer only fans out, at most once. So every event
is sent after the transaction that caused it has committed, and a failure to send is
logged, never raised: clients catch up with `sync`.
"""

import hashlib
import json
import logging
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# Close codes of the WebSocket protocol (docs/protocol.md).
CLOSE_NOT_SIGNED_IN = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


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
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # noqa: BLE001 - the message is stored; clients catch up with sync
        logger.warning("could not send %s to %s", event.get("type"), group, exc_info=True)


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
