"""Channel layers that never drop a socket's frames silently.

Channels' layers keep a bounded buffer of frames per channel and drop what does not fit
without a word (the in-memory layer refuses new frames, channels_redis drops the oldest).
A socket whose buffer overflowed has missed frames it cannot know about, so these layers
replace such a buffer with one `layer.overflow` event: the consumer then closes the socket
with 4503 and the client reconnects and syncs from the database (docs/protocol.md).
"""

import asyncio
import collections
import functools
import time

from channels import layers
from channels_redis.core import RedisChannelLayer as BaseRedisChannelLayer

from . import counters

OVERFLOW = {"type": "layer.overflow"}
DEFAULT_SOCKET_BUFFER = 200
CLEAN_INTERVAL = 1.0  # seconds between two sweeps for expired frames and memberships


def _record(dropped, channel):
    counters.count("frames_dropped", dropped, f"buffer of {channel} full")


class InMemoryChannelLayer(layers.InMemoryChannelLayer):
    """The in-memory layer, with overflow events and a group send without a task per socket.

    Channels' layer sweeps every channel and group membership for expired ones on every
    receive, so one frame to N sockets cost N sweeps of N channels (1.5 s for 2,000 sockets);
    here one sweep a second does that work.
    """

    def __init__(self, socket_buffer=DEFAULT_SOCKET_BUFFER, **kwargs):
        kwargs.setdefault("capacity", socket_buffer)
        super().__init__(**kwargs)
        self._next_clean = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now >= self._next_clean:
            self._next_clean = now + CLEAN_INTERVAL
            super()._clean_expired()

    def _put(self, channel, message):
        queue = self.channels.setdefault(channel, asyncio.Queue(self.get_capacity(channel)))
        item = (time.time() + self.expiry, message)
        if not queue.full():
            queue.put_nowait(item)
            return True
        dropped = queue.qsize() - (queue._queue[0][1] is OVERFLOW) + 1
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait((time.time() + self.expiry, OVERFLOW))
        _record(dropped, channel)
        return False

    async def send(self, channel, message):
        if not isinstance(message, dict):
            raise TypeError("message is not a dict")
        self.require_valid_channel_name(channel)
        if not self._put(channel, dict(message)):
            raise layers.ChannelFull(channel)

    async def group_send(self, group, message):
        # The frames are dicts of immutable values: one shallow copy per socket is enough,
        # and putting them straight on the queues spares a task per socket per frame.
        if not isinstance(message, dict):
            raise TypeError("message is not a dict")
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, {})):
            self._put(channel, dict(message))


class _SocketBuffer(asyncio.Queue):
    """channels_redis's per-socket buffer in this process, with an overflow event."""

    def put_nowait(self, item):
        if self.full():
            dropped = self.qsize() - (self._queue[0] is OVERFLOW) + 1
            while not self.empty():
                self.get_nowait()
            super().put_nowait(OVERFLOW)
            _record(dropped, "a socket")
            return
        super().put_nowait(item)


class RedisChannelLayer(BaseRedisChannelLayer):
    """channels_redis, with overflow events in the per-socket buffers of this process.

    `capacity` bounds the queue Redis keeps per process (all of its sockets share it);
    `socket_buffer` bounds what one socket may have waiting in this process.
    """

    def __init__(self, *args, socket_buffer=DEFAULT_SOCKET_BUFFER, **kwargs):
        super().__init__(*args, **kwargs)
        self.receive_buffer = collections.defaultdict(
            functools.partial(_SocketBuffer, socket_buffer)
        )
