"""The per-person limit on posted messages, COIL_MESSAGE_RATE (docs/protocol.md)."""

import math
import re
import time

from django.conf import settings
from django.core.cache import cache

from .cachelock import with_cache_lock


def message_rate():
    """(count, seconds) from COIL_MESSAGE_RATE, for example "30/10s"."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*", settings.COIL_MESSAGE_RATE)
    if not match:
        raise ValueError(
            f"COIL_MESSAGE_RATE must look like 30/10s, not {settings.COIL_MESSAGE_RATE!r}"
        )
    return int(match.group(1)), float(match.group(2))


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
