"""Faults of the scaled set-up: two daphne workers, PostgreSQL and Redis, while people post.

Each test starts its own Redis, database copy and workers (conftest.py), lets clients on
both workers post, strikes once the stream is going, lets it go on after the fault, and
then checks that every socket ends with every stored message in its current state,
exactly once, and that every post is stored once under its client id, resent ones too.
"""

import asyncio
import contextlib
import threading
import time

import dj_database_url

from tests.e2e.servers import _postgres_admin_connection
from tests.faults.scenario import (
    assert_exactly_once,
    assert_posts_stored,
    clients_of,
    report,
    settle,
    stream,
    until,
)

# (username, worker): writers on both workers, a reader on each.
PEOPLE = [
    ("student.oslo1", 0),
    ("student.leuven1", 1),
    ("student.oslo2", 0),
    ("student.leuven2", 1),
    ("teacher.oslo", 0),
    ("student.oslo3", 1),
]
WRITERS = 4


async def run_fault(site, fault):
    """Stream posts in the plaza, strike with ``fault(clients)``, settle, check; -> clients."""
    async with clients_of(site, "plaza", PEOPLE) as clients:
        result = await stream(clients[:WRITERS], lambda: fault(clients))
        state, head = await settle(site, "plaza", clients)
        print(report(clients), f"\nhead {head}")
    assert_exactly_once(clients, state)
    assert_posts_stored(clients, state)
    return clients, result


def counters(site):
    return [site.counters(server) for server in site.servers if server.process.poll() is None]


async def test_worker_killed_mid_stream(scaled_site):
    """kill -9 one worker: its clients reconnect to the other and resend what was unacked."""
    site = scaled_site
    doomed, survivor = site.servers

    async def fault(clients):
        # Posts on their way to the doomed worker when it dies: their acks never come.
        writers = [c for c in clients[:WRITERS] if c.urls[0] == doomed.url]
        last = [(w, w.post(f"{w.name} last words {n}")) for w in writers for n in range(3)]
        await until(
            lambda: all(w.sends[client_id] for w, client_id in last),
            10,
            "the last posts sent",
            interval=0.001,
        )
        site.kill(doomed)
        await until(
            lambda: all(c.connected and c.urls[c.url_index % 2] == survivor.url for c in clients),
            60,
            "every client on the surviving worker",
        )

    clients, _ = await run_fault(site, fault)

    on_doomed = [c for _, c in zip(PEOPLE, clients, strict=True) if c.urls[0] == doomed.url]
    assert all(c.connects >= 2 for c in on_doomed)
    # Its writers had posts in flight: resent after the reconnect, stored once (checked above).
    assert sum(len(c.resent()) for c in on_doomed) >= 1, report(clients)
    assert survivor.health() == (200, {"database": "ok", "channel_layer": "ok"})


async def test_redis_restarted_empty_mid_stream(scaled_site):
    """Redis stops, every socket is closed with 4503, Redis comes back empty on its port.

    Posts written while it is down wait in the clients and are stored once it is back.
    """
    site = scaled_site
    seen = {}

    async def fault(clients):
        writers = clients[:WRITERS]
        closes = [sum(c.closes.values()) for c in clients]
        for writer in writers:
            writer.post(f"{writer.name} just before the outage")
        await asyncio.to_thread(site.redis.stop)
        await until(
            lambda: all(sum(c.closes.values()) > n for c, n in zip(clients, closes, strict=True)),
            60,
            "every socket closed",
        )
        seen["health"] = [server.health() for server in site.servers]
        seen["during"] = [w.post(f"{w.name} during the outage") for w in writers]
        await asyncio.to_thread(site.redis.start)

    clients, _ = await run_fault(site, fault)

    assert seen["health"] == [(503, {"database": "ok", "channel_layer": "error"})] * 2
    assert all(4503 in c.closes for c in clients), report(clients)
    for writer, client_id in zip(clients[:WRITERS], seen["during"], strict=True):
        assert client_id in writer.acked
    figures = counters(site)
    assert all(f["unavailable"] + f["consumer_crashes"] >= 1 for f in figures), figures


async def test_redis_flushed_mid_stream(scaled_site):
    """FLUSHALL: the layer forgets every group; the probe re-joins them, sockets stay open."""
    site = scaled_site
    seen = {}

    async def fault(clients):
        await asyncio.to_thread(site.redis.flushall)
        await until(
            lambda: all(f["groups_rejoined"] >= 1 for f in counters(site)),
            60,
            "groups re-joined on both workers",
            interval=0.2,
        )
        seen["live"] = [c.live for c in clients]
        seen["connects"] = [c.connects for c in clients]

    clients, _ = await run_fault(site, fault)

    # Not deaf: broadcasts reached every socket again after the re-join, on the same socket.
    assert all(c.live > n for c, n in zip(clients, seen["live"], strict=True)), report(clients)
    assert [c.connects for c in clients] == seen["connects"]
    assert all(c.closes == {} for c in clients), report(clients)


class Terminator:
    """pg_terminate_backend on every connection to one database, again and again."""

    def __init__(self, site):
        self.config = dj_database_url.parse(site.database_url)
        self.name = site.database_name
        self.stopped = threading.Event()
        self.terminated = 0

    def run(self, seconds_at_most):
        deadline = time.monotonic() + seconds_at_most
        with _postgres_admin_connection(self.config) as connection:
            while not self.stopped.is_set() and time.monotonic() < deadline:
                rows = connection.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [self.name],
                ).fetchall()
                self.terminated += len(rows)
                self.stopped.wait(0.02)


async def test_database_connections_cut_mid_stream(scaled_site):
    """Every connection to the database is terminated, repeatedly, while people post."""
    site = scaled_site
    terminator = Terminator(site)

    async def fault(clients):
        cutting = asyncio.create_task(asyncio.to_thread(terminator.run, 60))
        try:
            # Until the cuts have bitten: a frame answered `unavailable` on some worker.
            await until(
                lambda: any(f["unavailable"] >= 1 for f in counters(site)),
                60,
                "a frame answered unavailable",
                interval=0.2,
            )
        finally:
            terminator.stopped.set()
            with contextlib.suppress(Exception):
                await cutting

    clients, _ = await run_fault(site, fault)

    assert terminator.terminated >= 1
    assert all(server.health()[0] == 200 for server in site.servers)
