"""How async code reaches the database without queueing a whole process on one thread.

Channels' `database_sync_to_async` runs every call on one thread per process by default,
so every socket of a daphne process waits behind every other socket's queries. Reads run
in the event loop's thread pool instead, each thread with its own connection. Writes do
too on PostgreSQL; on SQLite, which has one writer at a time anyway, they stay on the one
thread that Django's HTTP views also use, so writers queue in the process instead of
spinning on SQLite's lock while readers go on beside them (WAL).
"""

from channels.db import database_sync_to_async
from django.db import connections


def _one_writer():
    return connections["default"].vendor == "sqlite"


def read(function):
    """`function` as a coroutine function that runs in the thread pool."""
    return database_sync_to_async(function, thread_sensitive=False)


def write(function):
    """`function` as a coroutine function for work that writes."""
    return database_sync_to_async(function, thread_sensitive=_one_writer())
