"""Who is online in a space, shared by every process through the Django cache.

Each open socket has an entry {channel name: user, last seen}. Each process writes the
entries of its sockets in batches (`update`: arrivals, departures and refreshes together,
collaboration/hub.py), refreshes them at least every REFRESH_SECONDS, and entries older
than EXPIRE_SECONDS are dropped, so a process that dies without saying goodbye does not
leave ghosts behind for long.
"""

import datetime
import time
import zoneinfo

from django.core.cache import cache

from .cachelock import with_cache_lock

REFRESH_SECONDS = 60  # at most; the hub refreshes with every head interval
EXPIRE_SECONDS = 150


def _key(space_id):
    return f"collaboration:presence:{space_id}"


def _update(space_id, change):
    key = _key(space_id)

    def apply():
        now = time.time()
        entries = {
            channel: entry
            for channel, entry in cache.get(key, {}).items()
            if entry["seen"] > now - EXPIRE_SECONDS
        }
        change(entries, now)
        cache.set(key, entries, timeout=EXPIRE_SECONDS * 2)

    with_cache_lock(key, apply)


def update(space_id, present, gone=()):
    """Record the sockets in `present` ({channel name: serialised user}), drop those in `gone`."""

    def change(entries, now):
        for channel_name in gone:
            entries.pop(channel_name, None)
        for channel_name, user in present.items():
            entries[channel_name] = {"user": user, "seen": now}

    return _update(space_id, change)


def join(space_id, channel_name, user):
    """Record one socket of `user` (a serialised user) in the space."""
    update(space_id, {channel_name: user})


def leave(space_id, channel_name):
    update(space_id, {}, [channel_name])


def online(space_id):
    now = time.time()
    entries = cache.get(_key(space_id), {}).values()
    return online_list(entry for entry in entries if entry["seen"] > now - EXPIRE_SECONDS)


def online_list(entries):
    """One item per person (however many tabs they have open), with their local time now."""
    people = {}
    for entry in entries:
        people.setdefault(entry["user"]["id"], entry["user"])
    now = datetime.datetime.now(datetime.UTC)
    result = []
    for user in sorted(people.values(), key=lambda user: (user["name"].casefold(), user["id"])):
        try:
            local = now.astimezone(zoneinfo.ZoneInfo(user["timezone"]))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            local = now
        result.append(
            {
                **user,
                "local_time": local.strftime("%H:%M"),
                "utc_offset": local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:],
            }
        )
    return result
