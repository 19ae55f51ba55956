"""A short lock in the Django cache, shared by every process that uses the same cache."""

import time

from django.core.cache import cache


def with_cache_lock(key, function):
    """Run `function` while holding a short cache lock (add() is atomic on locmem and Redis)."""
    lock = f"{key}:lock"
    for attempt in range(100):
        if cache.add(lock, 1, timeout=2):
            try:
                return function()
            finally:
                cache.delete(lock)
        time.sleep(0.001 * min(attempt + 1, 10))
    return function()  # a stuck lock expires after 2 s; don't refuse the message over it
