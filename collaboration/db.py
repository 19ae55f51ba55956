"""How async code reaches the database without queueing a whole process on one thread.

Channels' `database_sync_to_async` runs every call on one thread per process by default,
so every socket of a daphne process waits behind every other socket's queries. Reads run
in the event loop's thread pool instead, each thread with its own connection. Writes do
too on PostgreSQL; on SQLite, which has one writer at a time anyway, they stay on the one
thread that Django's HTTP views also use, so writers queue in the process instead of
spinning on SQLite's lock while readers go on beside them (WAL).

These threads keep their connection from one call to the next (a bounded set: the pool's
threads and the one sync thread); only a connection that broke is closed after a call.
Channels' wrapper closed it around every call (CONN_MAX_AGE is 0, as Django advises under
ASGI, where each request's thread ends with the request), so every frame that reached the
database opened a new connection, which cost more than posting the message.
"""

import functools

from asgiref.sync import sync_to_async
from django.db import connections


def _one_writer():
    return connections["default"].vendor == "sqlite"


def _keeping_connections(function):
    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        finally:
            for connection in connections.all(initialized_only=True):
                if connection.errors_occurred:
                    if connection.is_usable():
                        connection.errors_occurred = False
                    else:
                        connection.close()

    return call


def read(function):
    """`function` as a coroutine function that runs in the thread pool."""
    return sync_to_async(_keeping_connections(function), thread_sensitive=False)


def write(function):
    """`function` as a coroutine function for work that writes."""
    return sync_to_async(_keeping_connections(function), thread_sensitive=_one_writer())
