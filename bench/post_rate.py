"""Posting rate: messages per second stored through the WebSocket and through HTTP.

K clients post as fast as they can for N seconds into one space of one daphne process,
each waiting for the answer to its message before it sends the next:

  websocket  `message.send` on the client's socket, answered by an `ack`
  http       POST /api/spaces/<id>/messages/ with the session cookie, the CSRF token (from
             the cookie a GET of the space's page sets) in X-CSRFToken, Origin and Referer,
             over one kept-alive connection per client, answered by 201

In both runs the K clients' sockets are open in the space and read every frame, as the
browser's page does, so each stored message is fanned out to the same K sockets. The run
covers SQLite with the in-memory layer and PostgreSQL with Redis (when Redis answers at
--redis-url), each with one daphne process.

    .venv/bin/python bench/post_rate.py [--clients 10] [--seconds 20]

Servers and databases are prepared as in bench/ws_fanout.py (production settings,
COIL_MESSAGE_RATE raised); the static files are collected first if they are not (the pages
need their manifest). BENCH_PROJECT_DIR runs the servers from another checkout of the
project, for a before/after comparison with the same load.
"""

import asyncio
import contextlib
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import ws_fanout as harness
from websockets.exceptions import ConnectionClosed

DATABASES = {"memory": "SQLite", "redis": "PostgreSQL"}


def parse_args(argv=None):
    parser = harness.argument_parser(__doc__, no_redis="only SQLite and in-memory")
    parser.add_argument("--clients", type=int, default=10, help="clients posting (10)")
    parser.add_argument("--seconds", type=float, default=20, help="seconds of posting (20)")
    parser.add_argument("--label", help="what the code column says (the checkout's folder)")
    return parser.parse_args(argv)


# --- WebSocket -------------------------------------------------------------------------------


class Listener:
    """An open socket of the space that reads every frame and tells its acks apart."""

    def __init__(self, socket_):
        self.socket = socket_
        self.acks = {}  # client_id -> future of its ack
        self.reader = asyncio.create_task(self.read())

    async def read(self):
        with contextlib.suppress(ConnectionClosed):
            async for text in self.socket:
                frame = json.loads(text)
                if frame.get("type") in {"ack", "error"}:
                    waiting = self.acks.pop(frame.get("client_id"), None)
                    if waiting is not None and not waiting.done():
                        waiting.set_result(frame)

    async def post(self, number):
        client_id = str(uuid.uuid4())
        answer = self.acks[client_id] = asyncio.get_running_loop().create_future()
        await self.socket.send(json.dumps(harness.product_frame(client_id, number)))
        return (await answer).get("type") == "ack"

    async def close(self):
        await self.socket.close()
        await asyncio.gather(self.reader, return_exceptions=True)


async def post_over_websocket(listeners, seconds):
    deadline = time.perf_counter() + seconds

    async def client(listener):
        stored = failed = 0
        while time.perf_counter() < deadline:
            if await listener.post(stored + failed):
                stored += 1
            else:
                failed += 1
        return stored, failed

    return await asyncio.gather(*(client(listener) for listener in listeners))


# --- HTTP ------------------------------------------------------------------------------------


class Poster:
    """One kept-alive HTTP connection signed in with a session, holding its CSRF token."""

    def __init__(self, server, space, session_key):
        self.host, self.port = "127.0.0.1", server.port
        self.origin = server.url
        self.page = f"/en/spaces/{space}/"
        self.path = f"/api/spaces/{space}/messages/"
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.cookies = {"sessionid": session_key}
        self.connection.request("GET", self.page, headers=self.headers())
        response = self.connection.getresponse()
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.status != 200 or "csrftoken" not in self.cookies:
            raise SystemExit(f"GET {self.page} gave {response.status} and no CSRF cookie")

    def headers(self):
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}

    def post(self, number):
        body = json.dumps(
            {"client_id": str(uuid.uuid4()), "body": harness.product_frame("", number)["body"]}
        )
        self.connection.request(
            "POST",
            self.path,
            body=body,
            headers={
                **self.headers(),
                "Content-Type": "application/json",
                "X-CSRFToken": self.cookies["csrftoken"],
                "Origin": self.origin,
                "Referer": self.origin + self.page,
            },
        )
        response = self.connection.getresponse()
        response.read()
        return response.status == 201


def post_over_http(posters, seconds):
    deadline = time.perf_counter() + seconds
    results = [None] * len(posters)

    def client(index, poster):
        stored = failed = 0
        while time.perf_counter() < deadline:
            if poster.post(stored + failed):
                stored += 1
            else:
                failed += 1
        results[index] = (stored, failed)

    threads = [
        threading.Thread(target=client, args=(index, poster))
        for index, poster in enumerate(posters)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# --- Runs ------------------------------------------------------------------------------------


async def run_both(server, space, sessions, seconds):
    path = f"/ws/spaces/{space}/"
    listeners = [Listener(await harness.open_socket(server, path, key)) for key in sessions]
    await asyncio.sleep(2)  # the arrivals' presence frames
    for listener in listeners[:2]:  # warm-up: both paths once
        await listener.post(0)
    posters = await asyncio.to_thread(lambda: [Poster(server, space, key) for key in sessions])
    await asyncio.to_thread(posters[0].post, 0)
    results = {}
    for transport in ("websocket", "http"):
        started = time.perf_counter()
        if transport == "websocket":
            counts = await post_over_websocket(listeners, seconds)
        else:
            counts = await asyncio.to_thread(post_over_http, posters, seconds)
        elapsed = time.perf_counter() - started
        stored = sum(count[0] for count in counts)
        results[transport] = {
            "stored": stored,
            "failed": sum(count[1] for count in counts),
            "seconds": elapsed,
            "per_s": stored / elapsed,
        }
        print(f"    {transport}: {stored} stored in {elapsed:.1f} s", flush=True)
        await asyncio.sleep(2)
    for poster in posters:
        poster.connection.close()
    for listener in listeners:
        await listener.close()
    return results


def collect_static(env):
    """The pages need the static files' manifest of the production settings."""
    if not (harness.BASE_DIR / "staticfiles" / "staticfiles.json").exists():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=harness.BASE_DIR,
            env=env,
            check=True,
            timeout=600,
        )


def measure(setup, env, args, work_dir):
    prepared = harness.run_prepare(env, args.clients)
    collect_static(env)
    print(f"  {setup}: {args.clients} clients, one daphne process…", flush=True)
    with harness.servers(harness.PRODUCT_APP, 1, env, work_dir) as (server,):
        results = asyncio.run(
            run_both(server, prepared["space"], prepared["sessions"], args.seconds)
        )
    return [{"setup": setup, "database": DATABASES[setup], "clients": args.clients, **results}]


def table(rows, label):
    lines = [
        "| code | database | layer | clients | WebSocket msg/s | HTTP msg/s | WebSocket ÷ HTTP "
        "| failed (ws/http) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ws, web = row["websocket"], row["http"]
        lines.append(
            f"| {label} | {row['database']} | {row['setup']} | {row['clients']} "
            f"| {harness.number(ws['per_s'])} | {harness.number(web['per_s'])} "
            f"| {ws['per_s'] / web['per_s']:.2f} | {ws['failed']}/{web['failed']} |"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    project = Path(os.environ.get("BENCH_PROJECT_DIR") or Path(__file__).resolve().parent.parent)
    print(f"Posting rate: {args.clients} clients for {args.seconds:g} s ({project})", flush=True)
    rows = harness.in_both_setups(
        args, lambda setup, env, work_dir: measure(setup, env, args, work_dir)
    )
    setting = f"{args.clients} clients posting for {args.seconds:g} s"
    harness.report(args, rows, setting, table(rows, args.label or project.name))


if __name__ == "__main__":
    main()
