"""Steps the fault tests share: open clients, stream posts, settle, compare with the database."""

import asyncio
import collections
import contextlib
import time

from tests.faults.client import DiscussionClient, Unavailable, stored_messages, summary
from tests.faults.harness import until

SETTLE_TIMEOUT = 120  # seconds for every socket to reach the stored state after a fault


@contextlib.asynccontextmanager
async def clients_of(site, space, people, window=2):
    """Start a client per (username, server index[, session key]); stop them afterwards.

    Each client knows every server, its own first: when its server goes away it tries
    the next, as a browser behind a load balancer would end up on a surviving worker.
    """
    started = []
    try:
        for number, (username, index, *session) in enumerate(people):
            urls = site.urls[index:] + site.urls[:index]
            client = DiscussionClient(
                f"{username}#{number}",
                urls,
                site.spaces[space],
                session[0] if session else site.sessions[username],
                window=window,
                seed=number,
            )
            started.append(client.start())
        await until(
            lambda: all(client.synced_once for client in started),
            60,
            "every client connected and synced",
        )
        yield started
    finally:
        await asyncio.gather(*(client.stop() for client in started))


def acked(clients):
    return sum(len(client.acked) for client in clients)


async def stored(site, space, reader="teacher.oslo", timeout=60):
    """The space as stored, read through the API of the first server that answers."""
    deadline = time.monotonic() + timeout
    while True:
        for server in site.servers:
            if server.process.poll() is not None:
                continue
            try:
                return await asyncio.to_thread(
                    stored_messages, server.url, site.spaces[space], site.sessions[reader]
                )
            except Unavailable:
                continue
        if time.monotonic() > deadline:
            raise AssertionError(f"no server answered the messages API within {timeout} s")
        await asyncio.sleep(0.5)


async def settle(site, space, clients, timeout=SETTLE_TIMEOUT):
    """Wait until every client holds the space as stored; return (stored, head).

    Call once nothing writes any more. Polls the API and the clients with a deadline;
    on failure the message names what each lagging client lacks.
    """
    deadline = time.monotonic() + timeout
    while True:
        state, head = await stored(site, space)
        view = {message_id: summary(message) for message_id, message in state.items()}
        lagging = [
            client
            for client in clients
            if not client.connected
            or client.pending
            or client.contiguous < head
            or client.view() != view
        ]
        if not lagging:
            return state, head
        if time.monotonic() > deadline:
            raise AssertionError(
                f"not settled within {timeout} s (head {head}):\n"
                + "\n".join(describe(client, view, head) for client in lagging)
                + "\n"
                + site.logs()
            )
        await asyncio.sleep(0.2)


def describe(client, view, head):
    mine = client.view()
    missing = sorted(set(view) - set(mine))
    extra = sorted(set(mine) - set(view))
    stale = sorted(i for i in set(mine) & set(view) if mine[i] != view[i])
    return (
        f"{client.name}: connected={client.connected} contiguous={client.contiguous}/{head} "
        f"pending={len(client.pending)} missing={missing[:10]} extra={extra[:10]} "
        f"stale={stale[:10]} closes={dict(client.closes)} errors={dict(client.errors)}"
    )


def assert_exactly_once(clients, state):
    """Every socket holds each stored message once, in its current state, hidden ones absent.

    And every post of every client is stored exactly once under its client id (the ones
    resent after a lost ack or an `unavailable` answer included), with the id its ack named.
    """
    view = {message_id: summary(message) for message_id, message in state.items()}
    stored_client_ids = collections.Counter(message["client_id"] for message in state.values())
    by_client_id = {message["client_id"]: message for message in state.values()}
    for client in clients:
        assert client.view() == view, client.name
        assert client.duplicates() == {}, f"{client.name} added a message twice"
        assert client.unexpected == [], f"{client.name}: {client.unexpected[:5]}"
        assert client.pending == {}, client.name
        for client_id in client.posted:
            assert stored_client_ids[client_id] <= 1, f"{client_id} stored twice"
            if client_id in by_client_id:
                assert by_client_id[client_id]["id"] == client.acked[client_id], client_id


def assert_posts_stored(clients, state):
    """Every post is stored (none of these clients' posts was hidden), with its body."""
    by_client_id = {message["client_id"]: message for message in state.values()}
    for client in clients:
        for client_id, body in client.posted.items():
            assert client_id in by_client_id, f"{client.name}: post {body!r} was lost"
            assert by_client_id[client_id]["body"] == body


async def stream(writers, fault, before=12, after=12, interval=0.2, timeout=120):
    """Writers post (one every ``interval`` s); ``fault()`` strikes after ``before`` acks.

    The stream goes on until ``after`` more posts were acknowledged once the fault was
    over, then stops. Returns what ``fault()`` returned.
    """
    for writer in writers:
        writer.start_writing(f"{writer.name} post", interval=interval)
    try:
        await until(lambda: acked(writers) >= before, timeout, f"{before} posts acknowledged")
        result = await fault()
        resumed = acked(writers)
        await until(
            lambda: acked(writers) >= resumed + after,
            timeout,
            f"{after} more posts acknowledged after the fault",
        )
    finally:
        for writer in writers:
            writer.stop_writing()
    return result


def report(clients):
    """A line per client for the test's output (pytest -rA shows it)."""
    return "\n".join(
        f"{c.name}: posted={len(c.posted)} resent={len(c.resent())} "
        f"unavailable={len(c.unavailable_ids)} connects={c.connects} closes={dict(c.closes)} "
        f"errors={dict(c.errors)} live={c.live}"
        for c in clients
    )
