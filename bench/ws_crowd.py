"""A crowd in one space: N sockets on one daphne process, idle and then reached by a message.

One daphne process (production settings) serves N clients that join the demo module's
plaza, each a signed-in bench student enrolled in the module, --batch at a time. Then:

  connect   how long it took until every socket was open and had its join traffic
            (the product: a presence frame listing everyone), and which closed
  idle      the CPU the daphne process used over --idle seconds with everyone connected
            and nobody posting (the product's head timer runs every COIL_HEAD_INTERVAL,
            25 s by default, and refreshes everyone's presence entry), as a share of one
            core
  memory    resident set size after everyone connected minus the baseline, per socket
  fan-out   --messages messages sent one at a time by one client: the time from the send
            until the last of the N sockets received it (p50 and each)

for the product's consumer and for the bare broadcast consumer (bench/bare_consumer.py).
The in-memory layer and SQLite by default; --redis adds channels_redis with PostgreSQL
(still one daphne process).

    .venv/bin/python bench/ws_crowd.py [--clients 2000] [--batch 200] [--idle 60]

The open-files limit of this process and of daphne is raised to fit the sockets.
"""

import asyncio
import json
import statistics
import time
import uuid
from pathlib import Path

import ws_fanout as harness
from websockets.exceptions import ConnectionClosed
from ws_memory import (
    Clients,
    cpu_seconds,
    memory_of,
    online_line,
    raise_open_file_limit,
    warm_up,
)

ACK = '{"type":"ack"'  # the sender's ack names its message too
PRESENCE = '{"type":"presence"'


def parse_args(argv=None):
    parser = harness.argument_parser(__doc__, no_redis=None)
    parser.add_argument("--clients", type=int, default=2000, help="open sockets (2000)")
    parser.add_argument("--batch", type=int, default=200, help="sockets connecting at once (200)")
    parser.add_argument("--idle", type=float, default=60, help="seconds of idle CPU reading (60)")
    parser.add_argument("--messages", type=int, default=5, help="messages to everyone (5)")
    parser.add_argument(
        "--quiet", type=float, default=2, help="seconds without frames that count as quiet (2)"
    )
    parser.add_argument("--redis", action="store_true", help="also with Redis and PostgreSQL")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds to go quiet at most")
    args = parser.parse_args(argv)
    args.no_redis = not args.redis
    return args


class Crowd(Clients):
    """Clients that also note when each socket received the frame naming `expected`.

    Like a browser, they send no pings of their own (daphne pings them)."""

    socket_options = {"ping_interval": None}

    def __init__(self, server, path, presence):
        super().__init__(server, path, presence)
        self.expected = None
        self.reached = 0
        self.everyone = asyncio.Event()
        self.presence_text = {}  # socket -> its last presence frame (head frames come later)

    async def read(self, socket_):
        try:
            async for text in socket_:
                self.last_frame_at = time.monotonic()
                if self.expected and self.expected in text and not text.startswith(ACK):
                    self.reached += 1
                    if self.reached == len(self.sockets):
                        self.everyone.set()
                    continue
                self.last_text[socket_] = text
                if text.startswith(PRESENCE):
                    self.presence_text[socket_] = text
        except ConnectionClosed:
            pass

    def online_seen(self):
        """The fewest people online in the last presence frame of each socket, if any."""
        counts = [len(json.loads(text)["online"]) for text in self.presence_text.values()]
        return min(counts) if counts else None

    async def to_everyone(self, frame_for, number, timeout):
        """Seconds from sending one message until every socket has it (None: not all did)."""
        client_id = str(uuid.uuid4())
        self.expected, self.reached = client_id, 0
        self.everyone.clear()
        sent = time.perf_counter()
        await self.sockets[number % len(self.sockets)].send(
            json.dumps(frame_for(client_id, number))
        )
        try:
            await asyncio.wait_for(self.everyone.wait(), timeout)
        except TimeoutError:
            return None
        finally:
            self.expected = None
        return time.perf_counter() - sent


async def run_crowd(server, path, sessions, args, frame_for, presence):
    pid = server.process.pid
    await warm_up(server, path, sessions[0], frame_for)
    crowd = Crowd(server, path, presence)
    await crowd.until_quiet(args.quiet, args.timeout)
    baseline = memory_of(pid)["VmRSS"]
    started = time.monotonic()
    await crowd.connect_all(sessions, args.batch, args.quiet, args.timeout)
    connect_s = time.monotonic() - started - args.quiet  # the last batch's quiet wait
    print(f"    {len(sessions)} sockets connected in {connect_s:.1f} s", flush=True)
    online = crowd.online_seen() if presence else None
    connected = memory_of(pid)["VmRSS"]
    before = cpu_seconds(pid), time.monotonic()
    await asyncio.sleep(args.idle)
    idle_cpu = (cpu_seconds(pid) - before[0]) / (time.monotonic() - before[1])
    print(f"    idle CPU {100 * idle_cpu:.1f} % of a core", flush=True)
    await crowd.until_quiet(args.quiet, args.timeout)
    times = []
    for message in range(args.messages):
        times.append(await crowd.to_everyone(frame_for, message, 60))
        await crowd.until_quiet(args.quiet, args.timeout)
    reached = sorted(t for t in times if t is not None)
    result = {
        "connect_s": connect_s,
        "open": crowd.still_open(),
        "closed_by_server": crowd.close_codes(),
        "online_seen": online,
        "idle_cpu": idle_cpu,
        "idle_s": args.idle,
        "baseline_kib": baseline,
        "connected_kib": connected,
        "peak_kib": memory_of(pid)["VmHWM"],
        "to_everyone_ms": [None if t is None else 1000 * t for t in times],
        "p50_ms": 1000 * statistics.median(reached) if reached else None,
    }
    await crowd.close_all(args.batch)
    return result


def measure(setup, env, args, work_dir):
    prepared = harness.run_prepare(env, args.clients)
    space, sessions = prepared["space"], prepared["sessions"]
    rows = []
    for consumer, app, path, frame_for, presence in harness.consumers(space):
        print(f"  {setup}: {consumer} consumer, {len(sessions)} sockets…", flush=True)
        with harness.servers(app, 1, env, work_dir) as (server,):
            result = asyncio.run(run_crowd(server, path, sessions, args, frame_for, presence))
        rows.append({"setup": setup, "consumer": consumer, "clients": args.clients, **result})
        print(f"    {rows[-1]}", flush=True)
    return rows


def table(rows):
    fmt = harness.number
    lines = [
        "| layer | consumer | sockets | connected in s | open at the end | closed by server "
        "| idle CPU (% of a core) | MiB baseline | KiB/socket | p50 ms to all | each, ms "
        "| p50 × bare |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    bare = harness.bare_rows(rows)
    for row in rows:
        floor = bare.get(row["setup"])
        ratio = "1.00"
        if row["consumer"] != harness.BARE:
            ratio = "—"
            if floor and floor["p50_ms"] and row["p50_ms"]:
                ratio = f"{row['p50_ms'] / floor['p50_ms']:.2f}"
        each = ", ".join("lost" if t is None else f"{t:.0f}" for t in row["to_everyone_ms"])
        per_socket = (row["connected_kib"] - row["baseline_kib"]) / row["clients"]
        lines.append(
            f"| {row['setup']} | {row['consumer']} | {row['clients']} "
            f"| {fmt(row['connect_s'])} | {row['open']} | {row['closed_by_server'] or 'none'} "
            f"| {fmt(100 * row['idle_cpu'])} | {fmt(row['baseline_kib'] / 1024)} "
            f"| {fmt(per_socket)} | {fmt(row['p50_ms'])} | {each} | {ratio} |"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    if not Path("/proc/self/status").exists():
        raise SystemExit("this benchmark reads /proc/<pid>/stat and status (Linux)")
    raise_open_file_limit(args.clients)
    print(f"A crowd in one space: {args.clients} sockets on one daphne process", flush=True)
    rows = harness.in_both_setups(
        args, lambda setup, env, work_dir: measure(setup, env, args, work_dir)
    )
    setting = f"batches of {args.batch}, idle CPU over {args.idle:g} s"
    harness.report(args, rows, setting, table(rows), online_line(rows))


if __name__ == "__main__":
    main()
