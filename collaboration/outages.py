"""What counts as the database or the channel layer being unavailable, and the answer to it.

The consumer and the API catch these around their work: a frame gets
`error {"code": "unavailable", "retry_after"}` on the open socket, a request JSON 503 with
`Retry-After`, and a socket that cannot be served any more is closed with 4503.
"""

import asyncio

from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from . import counters
from .errors import ServiceError
from .events import CLOSE_UNAVAILABLE

RETRY_AFTER_SECONDS = 5

# A lost or refused connection; not a bad statement or bad data, which are answered as such.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, RedisError, OSError, asyncio.TimeoutError)


def unavailable(error, where):
    """Count the outage and return the ServiceError that answers it."""
    counters.count("unavailable", detail=f"{where}: {type(error).__name__}: {error}")
    return ServiceError(
        "unavailable",
        _("The discussion is briefly unavailable. Try again in %(seconds)s s.")
        % {"seconds": RETRY_AFTER_SECONDS},
        retry_after=RETRY_AFTER_SECONDS,
    )


class CloseWhenUnavailable:
    """Around the WebSocket stack: a socket whose session or user cannot be read, because
    the database is down, is accepted and closed with 4503 instead of dropped (1006), so
    that its client reconnects after a backoff and syncs. Failures once the consumer runs
    are the consumer's to answer."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        try:
            return await self.application(scope, receive, send)
        except UNAVAILABLE_ERRORS as error:
            unavailable(error, "websocket handshake")
            message = await receive()
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.accept"})
                await send({"type": "websocket.close", "code": CLOSE_UNAVAILABLE})
