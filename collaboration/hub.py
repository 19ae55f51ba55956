"""The sockets of one space in this process, and the timers they share.

One `SpaceHub` per space and event loop lives while the space has sockets here:
- Presence: arrivals and departures within PRESENCE_DELAY share one update of the cache and
  one `presence` frame, so a class arriving for a session costs a few lists instead of one
  per arrival to everyone already there.
- Every COIL_HEAD_INTERVAL seconds it probes the channel layer with a frame to the space's
  group that every socket here must receive; sockets that missed it (the layer lost its
  groups: Redis flushed or restarted) join their groups again. Then it refreshes their
  presence entries and sends each socket the space's `head`, so a client that missed a
  frame for any reason syncs it. When the layer does not answer, the sockets are closed
  with 4503 and their clients reconnect and sync.
"""

import asyncio
import logging
import uuid

from asgiref.sync import sync_to_async
from django.conf import settings

from . import changes, counters, db, events, presence
from .outages import UNAVAILABLE_ERRORS

logger = logging.getLogger(__name__)

PRESENCE_DELAY = 0.5  # seconds to collect joins and leaves into one presence frame
PROBE_WAIT = 1.0  # seconds a probe may take to reach the sockets of this process

_hubs = {}  # (event loop, space id) -> SpaceHub


def _in_pool(function):
    return sync_to_async(function, thread_sensitive=False)


def hub_for(layer, space_id):
    key = (asyncio.get_running_loop(), space_id)
    hub = _hubs.get(key)
    if hub is None:
        hub = _hubs[key] = SpaceHub(layer, space_id, key)
    return hub


class SpaceHub:
    def __init__(self, layer, space_id, key):
        self.layer = layer
        self.space_id = space_id
        self.key = key
        self.group = events.space_group(space_id)
        self.sockets = set()
        self.arrived = {}  # channel name -> serialised user, not yet in the cache
        self.departed = set()
        self.presence_task = None
        self.ticker = asyncio.create_task(self.tick_forever())

    # Presence ------------------------------------------------------------------------

    def add(self, consumer):
        self.sockets.add(consumer)
        self.departed.discard(consumer.channel_name)
        self.arrived[consumer.channel_name] = consumer.user_info
        self.presence_soon()

    def remove(self, consumer):
        if consumer not in self.sockets:
            return
        self.sockets.discard(consumer)
        self.arrived.pop(consumer.channel_name, None)
        self.departed.add(consumer.channel_name)
        self.presence_soon()

    def presence_soon(self):
        if self.presence_task is None:
            self.presence_task = asyncio.create_task(self.send_presence())

    async def send_presence(self):
        await asyncio.sleep(PRESENCE_DELAY)
        # Taken before the cache is read: a change from now on schedules a frame of its own.
        arrived, departed = self.arrived, self.departed
        self.arrived, self.departed, self.presence_task = {}, set(), None
        try:
            await _in_pool(presence.update)(self.space_id, arrived, departed)
            online = await _in_pool(presence.online)(self.space_id)
            frame = events.frame_text({"type": "presence", "online": online})
            await self.layer.group_send(self.group, {"type": "space.frame", "text": frame})
        except UNAVAILABLE_ERRORS as error:
            counters.count("unavailable", detail=f"presence of space {self.space_id}: {error!r}")
        finally:
            self.forget_if_empty()

    def forget_if_empty(self):
        if not self.sockets and self.presence_task is None and _hubs.get(self.key) is self:
            del _hubs[self.key]
            self.ticker.cancel()

    # Head and probe ------------------------------------------------------------------

    async def tick_forever(self):
        while True:
            await asyncio.sleep(settings.COIL_HEAD_INTERVAL)
            try:
                await self.tick()
            except Exception:
                logger.exception("head timer of space %s failed", self.space_id)

    async def tick(self):
        sockets = list(self.sockets)
        if not sockets:
            return
        token = uuid.uuid4().hex
        try:
            await self.layer.group_send(self.group, {"type": "space.probe", "token": token})
        except UNAVAILABLE_ERRORS as error:
            counters.count("unavailable", detail=f"probe of space {self.space_id}: {error!r}")
            await asyncio.gather(*(s.shut(events.CLOSE_UNAVAILABLE) for s in sockets))
            return
        waited = asyncio.create_task(asyncio.sleep(min(PROBE_WAIT, settings.COIL_HEAD_INTERVAL)))
        head = None
        try:
            head = await db.read(changes.head)(self.space_id)
            await _in_pool(presence.update)(
                self.space_id, {s.channel_name: s.user_info for s in sockets}
            )
        except UNAVAILABLE_ERRORS as error:
            counters.count("unavailable", detail=f"head of space {self.space_id}: {error!r}")
        await waited
        lost = [s for s in sockets if s in self.sockets and token not in s.probes]
        if lost:
            counters.count("groups_rejoined", len(lost), f"space {self.space_id}")
            await asyncio.gather(*(s.rejoin() for s in lost))
        if head is not None:
            frame = {"type": "head", "seq": head}
            await asyncio.gather(*(s.send_frame(frame) for s in sockets if s in self.sockets))
