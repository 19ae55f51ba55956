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
