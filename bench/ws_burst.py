"""Delivery under a burst: does every stored message reach every socket, live or by sync?

One space, --steady students posting one message a second each and --fast students posting
as fast as they can (each waits for the ack of its message before it sends the next), for
--duration seconds. Every client behaves like the browser client (docs/protocol.md):

  - it keeps `contiguous`, the highest seq up to which it holds every change, starting from
    the space's head before the burst (as the page's data-head-seq);
  - a `message` or `ack` with seq contiguous+1 moves it on (and absorbs later seqs already
    held); a seq beyond it, or a `head` beyond it, asks `sync {"after_seq": contiguous}`
    after 200 ms if the gap is still open then (one sync in flight at a time);
  - a closed socket (4503 or any close that is not final) reconnects after a backoff with
    jitter, syncs and resends its unacknowledged messages with the same client_id.

After the burst every client waits for its acks and syncs up to the head. The stored
messages are then read back over HTTP (`?after_seq=`) and compared with what each socket
holds: the share of (message, socket) pairs that arrived live and by sync, whether every
stored message reached every socket exactly once, the time from a message's post to the
moment the last socket holds it, messages stored per second and the sockets closed with 4503.

The bare broadcast consumer (bench/bare_consumer.py) gets the same load: it stores nothing
and has no sync, so its figure is the share of (message, socket) pairs it delivered (its
fast senders wait for their own copy of the broadcast instead of an ack).

  memory  the in-memory channel layer, one daphne process, a temporary SQLite database
  redis   channels_redis, two daphne processes with the clients split between them and a
          fresh PostgreSQL database (when Redis answers at --redis-url)

    .venv/bin/python bench/ws_burst.py [--steady 30] [--fast 6] [--duration 30]

Servers and databases are prepared as in bench/ws_fanout.py (production settings,
COIL_MESSAGE_RATE raised).
"""

import asyncio
import contextlib
import json
import random
import statistics
import time
import urllib.request
import uuid
from collections import Counter

import ws_fanout as harness
from websockets.exceptions import ConnectionClosed

SYNC_DELAY = 0.2  # seconds a gap may stay open before the client asks for a sync
FINAL_CLOSES = {1000, 4401, 4403, 4404}
PROCESSES = {"memory": 1, "redis": 2}


def parse_args(argv=None):
    parser = harness.argument_parser(__doc__)
    parser.add_argument("--steady", type=int, default=30, help="students at 1 message/s (30)")
    parser.add_argument("--fast", type=int, default=6, help="students posting flat out (6)")
    parser.add_argument("--duration", type=float, default=30, help="seconds of posting (30)")
    parser.add_argument(
        "--timeout", type=float, default=120, help="seconds for acks and the final sync (120)"
    )
    return parser.parse_args(argv)


def percentile(values, share):
    return values[min(len(values) - 1, int(share * len(values)))] if values else None


class Run:
    """What all clients of one run share: when each message was posted, the closes seen."""

    def __init__(self):
        self.posted_at = {}  # client_id -> first send
        self.closes = Counter()
        self.final = False  # the burst is over: syncs from now on are the final one


class Client:
    """One browser tab: a socket that is reopened when the server closes it."""

    reconnects = True

    def __init__(self, run, server, path, session_key, contiguous=0):
        self.run = run
        self.server = server
        self.path = path
        self.session_key = session_key
        self.socket = None
        self.pending = {}  # client_id -> frame sent and not acknowledged
        self.acked = asyncio.Event()
        self.stopped = False
        # Deliveries: client_id -> (first arrival: "live", "sync" or "final", time), and
        # how many copies of each came.
        self.first = {}
        self.copies = Counter()
        self.contiguous = contiguous
        self.later = set()  # seqs held beyond contiguous
        self.head = contiguous
        self.sync_due = None
        self.sync_in_flight = False
        self.caught_up = asyncio.Event()
        self.target = None

    # Connection ----------------------------------------------------------------------

    async def connect(self):
        self.socket = await harness.open_socket(self.server, self.path, self.session_key)
        self.reader = asyncio.create_task(self.read_forever())

    async def read_forever(self):
        attempt = 0
        while True:
            try:
                async for text in self.socket:
                    self.receive(json.loads(text))
                    attempt = 0
            except ConnectionClosed:
                pass
            code = self.socket.close_code
            if self.stopped:
                return
            self.run.closes[code] += 1
            if code in FINAL_CLOSES or not self.reconnects:
                return
            self.sync_in_flight = False
            while True:
                attempt += 1
                await asyncio.sleep(min(5.0, 0.25 * 2**attempt) * random.uniform(0.5, 1.0))  # noqa: S311
                try:
                    self.socket = await harness.open_socket(
                        self.server, self.path, self.session_key
                    )
                    break
                except (OSError, TimeoutError, ValueError) as error:
                    self.run.closes[f"reconnect failed: {type(error).__name__}"] += 1
            await self.send_sync()
            for frame in list(self.pending.values()):
                await self.send(frame)

    async def send(self, frame):
        with contextlib.suppress(ConnectionClosed):
            await self.socket.send(json.dumps(frame))

    async def post(self, client_id, frame):
        self.run.posted_at.setdefault(client_id, time.perf_counter())
        self.pending[client_id] = frame
        self.acked.clear()
        await self.send(frame)

    # Frames --------------------------------------------------------------------------

    def receive(self, frame):
        kind = frame.get("type")
        if kind == "message":
            self.hold(frame["message"], frame["seq"], "live")
        elif kind == "ack":
            self.hold(frame["message"], frame["seq"], "live", ack=True)
            self.pending.pop(frame["client_id"], None)
            if not self.pending:
                self.acked.set()
        elif kind == "head":
            self.head = max(self.head, frame["seq"])
            self.gap_check()
        elif kind == "history":
            self.history(frame)
        elif kind == "error" and frame.get("code") == "unavailable":
            asyncio.get_running_loop().call_later(
                frame.get("retry_after", 1), self.resend, frame.get("client_id")
            )
        elif kind == "error":
            self.run.closes[f"error {frame.get('code')}"] += 1

    def resend(self, client_id):
        frame = self.pending.get(client_id)
        if frame is not None:
            asyncio.create_task(self.send(frame))  # noqa: RUF006 - the socket keeps it

    def hold(self, message, seq, source, ack=False):
        client_id = message.get("client_id")
        if not ack:
            self.copies[client_id] += 1
        if client_id not in self.first:
            self.first[client_id] = (source, time.perf_counter())
        self.head = max(self.head, seq)
        if seq == self.contiguous + 1:
            self.contiguous = seq
            self.absorb()
        elif seq > self.contiguous + 1:
            self.later.add(seq)
            self.gap_check()

    def absorb(self):
        while self.contiguous + 1 in self.later:
            self.contiguous += 1
        self.later = {seq for seq in self.later if seq > self.contiguous}
        if self.target is not None and self.contiguous >= self.target:
            self.caught_up.set()

    def history(self, frame):
        self.sync_in_flight = False
        source = "final" if self.run.final else "sync"
        for change in frame.get("changes", []):
            if change["kind"] == "message":
                self.copies[change["message"].get("client_id")] += 1
                self.first.setdefault(
                    change["message"].get("client_id"), (source, time.perf_counter())
                )
        changes = frame.get("changes", [])
        if frame.get("has_more") and changes:
            self.contiguous = max(self.contiguous, changes[-1]["seq"])
            self.absorb()
            asyncio.create_task(self.send_sync())  # noqa: RUF006 - the socket keeps it
            return
        self.head = max(self.head, frame["head"])
        self.contiguous = max(self.contiguous, frame["head"])
        self.absorb()
        self.gap_check()

    def gap_check(self):
        behind = self.later or self.head > self.contiguous
        if behind and self.sync_due is None and not self.sync_in_flight:
            self.sync_due = asyncio.get_running_loop().call_later(SYNC_DELAY, self.sync_if_behind)

    def sync_if_behind(self):
        self.sync_due = None
        if self.later or self.head > self.contiguous:
            asyncio.create_task(self.send_sync())  # noqa: RUF006 - the socket keeps it

    async def send_sync(self):
        self.sync_in_flight = True
        await self.send({"type": "sync", "after_seq": self.contiguous})

    async def catch_up(self, head, timeout):
        self.target = head
        self.head = max(self.head, head)
        if self.contiguous >= head:
            return True
        if not self.sync_in_flight:
            await self.send_sync()
        try:
            await asyncio.wait_for(self.caught_up.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def stop(self):
        self.stopped = True
        if self.sync_due is not None:
            self.sync_due.cancel()
        await self.socket.close()
        self.reader.cancel()
        await asyncio.gather(self.reader, return_exceptions=True)


class BareClient(Client):
    """The same client against the bare consumer: no seq, no ack, no sync, no reconnect."""

    reconnects = False

    def receive(self, frame):
        if frame.get("type") != "message":
            return
        client_id = frame["message"].get("client_id")
        self.copies[client_id] += 1
        self.first.setdefault(client_id, ("live", time.perf_counter()))
        if client_id in self.pending:
            del self.pending[client_id]
            self.acked.set()


# --- Load ------------------------------------------------------------------------------------


async def steady_sender(client, frame_for, duration, start):
    await asyncio.sleep(random.uniform(0, 1))  # noqa: S311 - the students do not post in step
    number = 0
    while time.perf_counter() - start < duration:
        client_id = str(uuid.uuid4())
        await client.post(client_id, frame_for(client_id, number))
        number += 1
        await asyncio.sleep(max(0, start + 1 + number - time.perf_counter()))


async def fast_sender(client, frame_for, duration, start):
    number = 0
    while time.perf_counter() - start < duration:
        client_id = str(uuid.uuid4())
        await client.post(client_id, frame_for(client_id, number))
        number += 1
        await client.acked.wait()


def stored_messages(server, space, session_key, after_seq):
    """(client ids of the messages stored after `after_seq`, head), read over HTTP."""
    found, head = [], after_seq
    while True:
        request = urllib.request.Request(  # noqa: S310 - a local test server
            f"{server.url}/api/spaces/{space}/messages/?after_seq={head}",
            headers={"Cookie": f"sessionid={session_key}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            page = json.load(response)
        found += [c["message"]["client_id"] for c in page["changes"] if c["kind"] == "message"]
        if not page["has_more"]:
            return found, page["head"]
        head = page["changes"][-1]["seq"]


async def initial_head(server, path, session_key):
    socket_ = await harness.open_socket(server, path, session_key)
    await socket_.send(json.dumps({"type": "sync", "after_seq": 0}))
    async for text in socket_:
        frame = json.loads(text)
        if frame.get("type") == "history":
            await socket_.close()
            return frame["head"]
    raise SystemExit("the space did not answer a sync")


async def run_burst(started, path, space, sessions, args, product):
    run = Run()
    head = await initial_head(started[0], path, sessions[0]) if product else 0
    kind, frame_for = (
        (Client, harness.product_frame) if product else (BareClient, harness.bare_frame)
    )
    clients = [
        kind(run, started[number % len(started)], path, key, head)
        for number, key in enumerate(sessions)
    ]
    await asyncio.gather(*(client.connect() for client in clients))
    await asyncio.sleep(2)  # the arrivals' presence frames
    start = time.perf_counter()
    senders = [
        asyncio.create_task(
            (steady_sender if number < args.steady else fast_sender)(
                client, frame_for, args.duration, start
            )
        )
        for number, client in enumerate(clients)
    ]
    await asyncio.wait(senders, timeout=args.duration + args.timeout)
    posting_s = time.perf_counter() - start
    for task in senders:
        task.cancel()
    # The last acks, then every client syncs to the head.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            asyncio.gather(*(c.acked.wait() for c in clients if c.pending)), args.timeout
        )
    await asyncio.sleep(1)
    unacked = sum(len(client.pending) for client in clients)
    if product:
        stored, final_head = await asyncio.to_thread(
            stored_messages, started[0], space, sessions[0], head
        )
        run.final = True
        caught_up = await asyncio.gather(
            *(client.catch_up(final_head, args.timeout) for client in clients)
        )
    else:
        stored, caught_up = list(run.posted_at), [True] * len(clients)
    for client in clients:
        await client.stop()
    return report(run, clients, stored, posting_s, unacked, all(caught_up), product)


def report(run, clients, stored, posting_s, unacked, caught_up, product):
    pairs = len(stored) * len(clients)
    sources = Counter()
    reached_all = []
    duplicates = missing = 0
    for client_id in stored:
        last = None
        for client in clients:
            arrival = client.first.get(client_id)
            if arrival is None:
                missing += 1
                continue
            sources[arrival[0]] += 1
            duplicates += max(0, client.copies[client_id] - 1)
            last = arrival[1] if last is None else max(last, arrival[1])
        if last is not None and all(client_id in client.first for client in clients):
            reached_all.append(last - run.posted_at[client_id])
    reached_all.sort()
    return {
        "clients": len(clients),
        "posted": len(run.posted_at),
        "stored": len(stored) if product else None,
        "unacked": unacked,
        "posting_s": posting_s,
        "stored_per_s": len(stored) / posting_s,
        "pairs": pairs,
        "live": sources["live"],
        "synced": sources["sync"],
        "final_sync": sources["final"],
        "missing": missing,
        "duplicates": duplicates,
        "caught_up": caught_up,
        "reached_all": len(reached_all),
        "p50_ms": 1000 * statistics.median(reached_all) if reached_all else None,
        "p99_ms": 1000 * percentile(reached_all, 0.99) if reached_all else None,
        "closed_4503": run.closes[4503],
        "closes": {str(code): count for code, count in run.closes.items()},
    }


def measure(setup, env, args, work_dir):
    prepared = harness.run_prepare(env, args.steady + args.fast)
    space, sessions = prepared["space"], prepared["sessions"]
    rows = []
    for consumer, app, path, _frame_for, product in harness.consumers(space):
        processes = PROCESSES[setup]
        print(f"  {setup}: {consumer} consumer, {processes} daphne process(es)…", flush=True)
        with harness.servers(app, processes, env, work_dir) as started:
            result = asyncio.run(run_burst(started, path, space, sessions, args, product))
        rows.append({"setup": setup, "processes": processes, "consumer": consumer, **result})
        print(f"    {rows[-1]}", flush=True)
    return rows


# --- Report ----------------------------------------------------------------------------------


def share(part, whole):
    return "—" if not whole else f"{100 * part / whole:.1f} %"


def table(rows):
    lines = [
        "| layer | daphne | consumer | sockets | posted | stored | messages/s | live "
        "| by sync | by final sync | every message at every socket | extra copies "
        "| p50 ms to all | p99 ms to all | closed 4503 | messages/s ÷ bare |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    bare = harness.bare_rows(rows)
    for row in rows:
        pairs = row["pairs"]
        if row["consumer"] == harness.BARE:
            complete = f"no sync: {share(row['live'], pairs)} delivered"
        elif row["missing"] == 0 and row["caught_up"]:
            complete = "yes (100 %)"
        else:
            complete = f"no: {row['missing']} of {pairs} pairs missing"
        floor = bare.get(row["setup"])
        ratio = "—"
        if floor and floor["stored_per_s"]:
            ratio = f"{row['stored_per_s'] / floor['stored_per_s']:.2f}"
        lines.append(
            f"| {row['setup']} | {row['processes']} | {row['consumer']} | {row['clients']} "
            f"| {row['posted']} | {row['stored'] if row['stored'] is not None else '—'} "
            f"| {harness.number(row['stored_per_s'])} | {share(row['live'], pairs)} "
            f"| {share(row['synced'], pairs)} | {share(row['final_sync'], pairs)} | {complete} "
            f"| {row['duplicates']} | {harness.number(row['p50_ms'])} "
            f"| {harness.number(row['p99_ms'])} | {row['closed_4503']} | {ratio} |"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    print(
        f"Delivery under a burst: {args.steady} students at 1 message/s and {args.fast} "
        f"flat out for {args.duration:g} s",
        flush=True,
    )
    rows = harness.in_both_setups(
        args, lambda setup, env, work_dir: measure(setup, env, args, work_dir)
    )
    harness.report(args, rows, None, table(rows))


if __name__ == "__main__":
    main()
