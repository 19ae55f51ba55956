"""WebSocket memory: how much a daphne process holds for each open socket.

One daphne process serves N clients that join the demo module's plaza, each a signed-in
bench student enrolled in the module. The process's resident set size (VmRSS in
/proc/<pid>/status) is read

  baseline  after start-up, one warm-up connection (connect, send a message, receive it,
            close) and --settle seconds
  open      after the N clients have connected, --batch at a time, each batch once the
            traffic it causes (presence frames to everyone in the space) has gone quiet;
            read --settle seconds after the last connection and again --hold seconds
            after it (longer than the presence heartbeat, so every socket's heartbeat
            task has woken up and refreshed its entry at least once)
  closed    after every client has disconnected (the leaving is broadcast too) and
            --settle seconds have passed

and (open - baseline) / (sockets still open) is the memory one open socket holds. Python's
garbage collector cannot be asked to run inside the server, so every reading is taken after
a delay (after the traffic has gone quiet: no frame for --quiet seconds and the server
below 5 % of a CPU as long). The rounds (connect all, read, disconnect all, read) repeat
--rounds times in the same process: the second shows whether the memory given up by the
first is reused or the process grows.

The run covers, each with one daphne process, the product's consumer (/ws/spaces/<id>/)
and the bare broadcast consumer (bench/bare_consumer.py):

  memory  the in-memory channel layer and the local-memory cache, a temporary SQLite database
  redis   channels_redis and the Redis cache, a fresh PostgreSQL database (when Redis
          answers at --redis-url)

    .venv/bin/python bench/ws_memory.py [--clients 500] [--batch 25] [--rounds 2]

Servers and databases are prepared as in bench/ws_fanout.py (production settings).
"""

import asyncio
import contextlib
import json
import os
import resource
import time
import uuid
from collections import Counter
from pathlib import Path

from websockets.exceptions import ConnectionClosed
from websockets.protocol import State
from ws_fanout import (
    argument_parser,
    consumers,
    in_both_setups,
    number,
    open_socket,
    report,
    run_prepare,
    servers,
)

# collaboration/presence.py refreshes every socket's entry once a minute.
PRESENCE_REFRESH_SECONDS = 60
IDLE_CPU_SHARE = 0.05


def parse_args(argv=None):
    parser = argument_parser(__doc__)
    parser.add_argument("--clients", type=int, default=500, help="open sockets (500)")
    parser.add_argument("--batch", type=int, default=25, help="sockets connecting at once (25)")
    parser.add_argument("--rounds", type=int, default=2, help="connect-all/disconnect-all (2)")
    parser.add_argument(
        "--settle", type=float, default=5, help="seconds after quiet before a reading (5)"
    )
    parser.add_argument(
        "--hold",
        type=float,
        default=PRESENCE_REFRESH_SECONDS + 5,
        help="seconds after the last connection for the second reading (65)",
    )
    parser.add_argument(
        "--quiet", type=float, default=2, help="seconds without frames that count as quiet (2)"
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds to go quiet at most")
    return parser.parse_args(argv)


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def memory_of(pid):
    """VmRSS (now) and VmHWM (the peak so far) of a process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            fields[name] = int(value.split()[0])
    return fields


# --- Clients ---------------------------------------------------------------------------------


class Clients:
    """Open sockets that read (and drop) every frame, so that nothing piles up in the server
    waiting for a slow reader; remembers when the last frame arrived anywhere."""

    socket_options = {}

    def __init__(self, server, path, presence):
        self.server = server
        self.path = path
        self.presence = presence  # does each socket get a frame when it joins?
        self.sockets = []
        self.readers = []
        self.last_text = {}
        self.last_frame_at = time.monotonic()

    async def connect(self, session_key):
        socket_ = await open_socket(
            self.server, self.path, session_key, open_timeout=120, **self.socket_options
        )
        self.sockets.append(socket_)
        self.readers.append(asyncio.create_task(self.read(socket_)))
        return socket_

    async def read(self, socket_):
        with contextlib.suppress(ConnectionClosed):
            async for text in socket_:
                self.last_text[socket_] = text
                self.last_frame_at = time.monotonic()

    async def connect_all(self, sessions, batch, quiet, timeout):
        for start in range(0, len(sessions), batch):
            await asyncio.gather(*(self.connect(key) for key in sessions[start : start + batch]))
            await self.until_quiet(quiet, timeout)

    async def until_quiet(self, quiet, timeout):
        """Wait until every socket has had its join frame, no frame has arrived for `quiet`
        seconds and the server has been idle as long."""
        deadline = time.monotonic() + timeout
        pid = self.server.process.pid
        while True:
            joined = not self.presence or all(s in self.last_text for s in self.sockets)
            if joined and time.monotonic() - self.last_frame_at >= quiet:
                before = cpu_seconds(pid)
                await asyncio.sleep(quiet)
                # A few heartbeats and pings may run meanwhile; a broadcast takes far more.
                if cpu_seconds(pid) - before <= IDLE_CPU_SHARE * quiet:
                    if time.monotonic() - self.last_frame_at >= quiet:
                        return
            if time.monotonic() > deadline:
                raise SystemExit(f"the traffic did not go quiet within {timeout} s")
            await asyncio.sleep(0.1)

    def still_open(self):
        return sum(socket_.state is State.OPEN for socket_ in self.sockets)

    def close_codes(self):
        """How many sockets the server closed, by close code (1011: the application failed)."""
        return dict(
            Counter(
                socket_.close_code for socket_ in self.sockets if socket_.state is not State.OPEN
            )
        )

    def online_seen(self):
        """The fewest people online in the last presence frame of each socket, if any."""
        counts = []
        for text in self.last_text.values():
            frame = json.loads(text)
            if frame.get("type") == "presence":
                counts.append(len(frame["online"]))
        return min(counts) if counts else None

    async def close_all(self, batch):
        for start in range(0, len(self.sockets), batch):
            await asyncio.gather(
                *(socket_.close() for socket_ in self.sockets[start : start + batch])
            )
        await asyncio.gather(*self.readers, return_exceptions=True)
        self.sockets, self.readers, self.last_text = [], [], {}


async def warm_up(server, path, session_key, frame_for):
    """One socket through the whole path once: connect, send a message, receive it, close."""
    clients = Clients(server, path, presence=False)
    socket_ = await clients.connect(session_key)
    client_id = str(uuid.uuid4())
    await socket_.send(json.dumps(frame_for(client_id, 0)))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = clients.last_text.get(socket_)
        if text and json.loads(text).get("type") in {"message", "ack"}:
            break
        await asyncio.sleep(0.05)
    else:
        raise SystemExit(f"the warm-up message did not come back from {path}")
    await clients.close_all(1)


async def run_rounds(server, path, sessions, args, frame_for, presence):
    pid = server.process.pid
    await warm_up(server, path, sessions[0], frame_for)
    await Clients(server, path, presence).until_quiet(args.quiet, args.timeout)
    await asyncio.sleep(args.settle)
    baseline = memory_of(pid)["VmRSS"]
    rounds = []
    for round_number in range(1, args.rounds + 1):
        clients = Clients(server, path, presence)
        started = time.monotonic()
        await clients.connect_all(sessions, args.batch, args.quiet, args.timeout)
        connected = time.monotonic()
        await asyncio.sleep(args.settle)
        open_settled = memory_of(pid)["VmRSS"]
        sockets_settled = clients.still_open()
        await asyncio.sleep(max(0, connected + args.hold - time.monotonic()))
        await clients.until_quiet(args.quiet, args.timeout)
        open_held = memory_of(pid)["VmRSS"]
        sockets_held = clients.still_open()
        online = clients.online_seen()
        closed_by_server = clients.close_codes()
        await clients.close_all(args.batch)
        await clients.until_quiet(args.quiet, args.timeout)  # the leaving is broadcast too
        await asyncio.sleep(args.settle)
        closed = memory_of(pid)
        rounds.append(
            {
                "round": round_number,
                "baseline_kib": baseline,
                "open_settled_kib": open_settled,
                "open_held_kib": open_held,
                "closed_kib": closed["VmRSS"],
                "peak_kib": closed["VmHWM"],
                "sockets_settled": sockets_settled,
                "sockets_held": sockets_held,
                "online_seen": online,
                "closed_by_server": closed_by_server,
                "connect_s": connected - started,
            }
        )
        print(
            f"    round {round_number}: connected in {connected - started:.1f} s, "
            f"{per_socket(open_settled - baseline, sockets_settled)} KiB per socket "
            f"({sockets_settled} open) and "
            f"{per_socket(open_held - baseline, sockets_held)} ({sockets_held} open)",
            flush=True,
        )
        if closed_by_server:
            print(f"    closed by the server, by close code: {closed_by_server}", flush=True)
    return rounds


def measure(setup, env, args, work_dir):
    prepared = run_prepare(env, args.clients)
    space = prepared["space"]
    sessions = prepared["sessions"]
    rows = []
    for consumer, app, path, frame_for, presence in consumers(space):
        print(f"  {setup}: {consumer} consumer, {len(sessions)} sockets…", flush=True)
        with servers(app, 1, env, work_dir) as (server,):
            for result in asyncio.run(
                run_rounds(server, path, sessions, args, frame_for, presence)
            ):
                rows.append(
                    {"setup": setup, "consumer": consumer, "clients": args.clients, **result}
                )
    return rows


# --- Report ----------------------------------------------------------------------------------


def mib(kib):
    return number(kib / 1024)


def per_socket(kib, sockets):
    return number(kib / sockets if sockets else None)


def table(rows):
    lines = [
        "| layer | consumer | round | baseline MiB | open sockets | open MiB (settled) "
        "| KiB/socket | open MiB (held) | KiB/socket | closed MiB | peak MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        baseline = row["baseline_kib"]
        lines.append(
            f"| {row['setup']} | {row['consumer']} | {row['round']} | {mib(baseline)} "
            f"| {row['sockets_settled']}/{row['sockets_held']} of {row['clients']} "
            f"| {mib(row['open_settled_kib'])} "
            f"| {per_socket(row['open_settled_kib'] - baseline, row['sockets_settled'])} "
            f"| {mib(row['open_held_kib'])} "
            f"| {per_socket(row['open_held_kib'] - baseline, row['sockets_held'])} "
            f"| {mib(row['closed_kib'])} | {mib(row['peak_kib'])} |"
        )
    return "\n".join(lines)


def online_line(rows):
    online = {row["online_seen"] for row in rows if row["consumer"] == "product"}
    return f"People online in the last presence frame of the product's sockets: {online}"


def raise_open_file_limit(sockets):
    # Each client and each server socket is a file descriptor; the servers inherit this.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 2 * sockets + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        limit = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))


def main():
    args = parse_args()
    if not Path("/proc/self/status").exists():
        raise SystemExit("this benchmark reads /proc/<pid>/status (Linux)")
    raise_open_file_limit(args.clients)
    print(f"WebSocket memory: {args.clients} sockets, {args.rounds} rounds", flush=True)
    rows = in_both_setups(args, lambda setup, env, work_dir: measure(setup, env, args, work_dir))
    setting = (
        f"batches of {args.batch}, readings {args.settle:g} s and {args.hold:g} s after the "
        "last connection"
    )
    report(args, rows, setting, table(rows), online_line(rows))


if __name__ == "__main__":
    main()
