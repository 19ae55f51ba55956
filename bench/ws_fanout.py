"""WebSocket fan-out: how fast a message reaches everyone in a discussion space.

N clients join one space through real daphne servers; M messages are sent by the clients in
turn, with at most W of them in flight (sent and not yet delivered to every client). For
each delivery (a `message` frame arriving at a client, the sender included) the latency
from the send is recorded. Each set-up is measured with W = 1 (how long one message takes to
reach everyone) and with a larger W (how many deliveries per second it sustains, and the
latency under that load). The run covers:

  memory  the in-memory channel layer, one daphne process, a temporary SQLite database
  redis   channels_redis, two daphne processes with the clients split between them and a
          fresh PostgreSQL database (when Redis answers at --redis-url)

each with the product's consumer (/ws/spaces/<id>/: permission check, validation, Markdown
rendering, sanitising, a database write, broadcast after commit) and with a bare broadcast
consumer of the same stack (bench/bare_consumer.py) as the floor.

    .venv/bin/python bench/ws_fanout.py [--clients 50] [--messages 200] [--windows 1,16]

The servers run with the production settings (DEBUG off) and COIL_MESSAGE_RATE raised.
Everything is prepared here: databases, bench users enrolled in the demo module, sessions.
BENCH_PROJECT_DIR=<checkout> serves another checkout of the project with the same load.
"""

import argparse
import asyncio
import contextlib
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django
import psycopg
import redis
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from psycopg import sql
from websockets.asyncio.client import connect

# The project the servers run from: this checkout, or another one (BENCH_PROJECT_DIR) to
# measure older code with the same load.
BASE_DIR = Path(os.environ.get("BENCH_PROJECT_DIR") or Path(__file__).resolve().parent.parent)
PRODUCT_APP = "coil_platform.asgi:application"
BARE_APP = "bench.bare_asgi:application"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def argument_parser(doc, no_redis="only the in-memory layer"):
    """A benchmark's ArgumentParser, described by the first paragraph of `doc`, with the
    options they all take: --redis-url, --json and --no-redis (its help; None leaves it out)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL)
    if no_redis:
        parser.add_argument("--no-redis", action="store_true", help=no_redis)
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON here")
    return parser


def parse_args(argv=None):
    parser = argument_parser(__doc__)
    parser.add_argument("--clients", type=int, default=50, help="connected clients (50)")
    parser.add_argument("--messages", type=int, default=200, help="measured messages (200)")
    parser.add_argument(
        "--windows",
        type=lambda text: [int(part) for part in text.split(",")],
        default=[1, 16],
        help="messages in flight at most, one run each (1,16)",
    )
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured messages first (20)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per run at most")
    parser.add_argument("command", nargs="?", default="run", choices=["run", "prepare"])
    return parser.parse_args(argv)


# --- Preparing a database (runs in a child process configured for that database) -------------


def prepare(clients):
    """Migrate, load the demo data, enrol `clients` bench users in the demo module's plaza and
    give each a session; print {"space": id, "sessions": [...]} as the last line."""
    # The models can be imported only once Django is set up in this child process.
    django.setup()
    from django.contrib.auth.models import Group  # noqa: PLC0415 - after django.setup()
    from django.contrib.sessions.backends.db import SessionStore  # noqa: PLC0415 - after setup

    from accounts.models import Institution, User  # noqa: PLC0415 - after django.setup()
    from accounts.roles import STUDENTS  # noqa: PLC0415 - after django.setup()
    from collaboration.models import Enrolment, Space, SpaceKind  # noqa: PLC0415 - after setup
    from modules.models import CourseModulePage  # noqa: PLC0415 - after django.setup()

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0)
    module = CourseModulePage.objects.live().filter(locale__language_code="en").first()
    if module is None:
        raise SystemExit("seed_demo made no published module to run the benchmark in")
    module = module.original() if hasattr(module, "original") else module
    space = Space.objects.filter(module=module, kind=SpaceKind.PLAZA).first()
    if space is None:
        raise SystemExit("the demo module has no plaza; does seed_demo create the spaces?")
    partners = list(Institution.objects.filter(short_name__in=["OsloMet", "UCLL"])) or [None]
    students = Group.objects.get(name=STUDENTS)
    sessions = []
    for number in range(clients):
        institution = partners[number % len(partners)]
        user, _created = User.objects.get_or_create(
            username=f"bench.{number:04d}",
            defaults={
                "display_name": f"Bench student {number}",
                "institution": institution,
                "timezone": institution.timezone if institution else "UTC",
            },
        )
        user.groups.add(students)
        Enrolment.objects.get_or_create(module=module, student=user)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    print(json.dumps({"space": space.pk, "sessions": sessions}))


def run_prepare(env, clients):
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "prepare", "--clients", str(clients)],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "coil_platform.settings.dev"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"preparing the database failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Servers ---------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Daphne:
    def __init__(self, app, env, log_dir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"daphne-{self.port}.log"
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), app],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_healthy(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise SystemExit(f"daphne did not start:\n{self.log_path.read_text()[-3000:]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def servers(app, count, env, log_dir):
    started = []
    try:
        for _ in range(count):
            server = Daphne(app, env, log_dir)
            started.append(server)
            server.wait_until_healthy()
        yield started
    finally:
        for server in started:
            server.stop()


# --- Load ------------------------------------------------------------------------------------


async def open_socket(server, path, session_key, open_timeout=30, **options):
    """A WebSocket to `server` signed in with `session_key`, as a browser opens it."""
    return await connect(
        server.url.replace("http://", "ws://") + path,
        origin=server.url,
        additional_headers={"Cookie": f"sessionid={session_key}"},
        compression=None,
        proxy=None,
        max_queue=None,
        open_timeout=open_timeout,
        **options,
    )


async def run_load(servers, path, sessions, args, frame_for, window_size):
    """Connect one client per session, send warm-up and measured messages, return figures."""
    clients = len(sessions)
    latencies = []
    sent_at = {}
    remaining = {}
    measured = set()
    done = asyncio.Event()
    window = asyncio.Semaphore(window_size)
    total = args.warmup + args.messages
    finished = 0
    first_send = last_delivery = None

    def delivered(client_id):
        nonlocal finished, last_delivery
        started = sent_at.get(client_id)
        if started is None:
            return
        now = time.perf_counter()
        if client_id in measured:
            latencies.append(now - started)
            last_delivery = now
        remaining[client_id] -= 1
        if remaining[client_id] == 0:
            window.release()
            finished += 1
            if finished == total:
                done.set()

    async def read(socket_):
        async for text in socket_:
            frame = json.loads(text)
            if frame.get("type") == "message":
                delivered(frame["message"].get("client_id"))
            elif frame.get("type") == "error":
                print("  error frame:", frame, file=sys.stderr)

    sockets = [
        await open_socket(servers[number % len(servers)], path, session_key)
        for number, session_key in enumerate(sessions)
    ]
    readers = [asyncio.create_task(read(socket_)) for socket_ in sockets]
    # Let the joining (presence frames to everyone) settle before measuring.
    await asyncio.sleep(1.0)

    for number in range(total):
        await window.acquire()
        client_id = str(uuid.uuid4())
        remaining[client_id] = clients
        if number >= args.warmup:
            measured.add(client_id)
        sender = sockets[number % clients]
        sent_at[client_id] = time.perf_counter()
        if number == args.warmup:
            first_send = sent_at[client_id]
        await sender.send(json.dumps(frame_for(client_id, number)))

    try:
        await asyncio.wait_for(done.wait(), timeout=args.timeout)
        lost = 0
    except TimeoutError:
        lost = sum(remaining[client_id] for client_id in measured)
    for socket_ in sockets:
        await socket_.close()
    for reader in readers:
        reader.cancel()
    await asyncio.gather(*readers, return_exceptions=True)

    latencies.sort()
    elapsed = (last_delivery or time.perf_counter()) - first_send
    return {
        "window": window_size,
        "clients": clients,
        "messages": args.messages,
        "deliveries": len(latencies),
        "lost": lost,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
        if latencies
        else None,
        "deliveries_per_s": len(latencies) / elapsed if elapsed > 0 else None,
    }


def product_frame(client_id, number):
    return {
        "type": "message.send",
        "client_id": client_id,
        "body": f"Bench message **{number}**: does the fan-out keep up?",
    }


BARE = "bare broadcast"


def consumers(space):
    """(name, ASGI application, WebSocket path, frame for a message, is it the product?) of
    the bare broadcast consumer and the product's, for the space with id `space`."""
    return [
        (BARE, BARE_APP, f"/ws/bare/{space}/", bare_frame, False),
        ("product", PRODUCT_APP, f"/ws/spaces/{space}/", product_frame, True),
    ]


def bare_rows(rows, key=lambda row: row["setup"]):
    """The bare broadcast consumer's rows by `key`: the floor each product row is held to."""
    return {key(row): row for row in rows if row["consumer"] == BARE}


def report(args, rows, setting, *lines):
    """Print the machine and what was measured (`setting`, or None), then `lines`; save the
    results as JSON when --json asks for it."""
    about = machine()
    print()
    print(
        f"Machine: {about['nproc']} CPUs ({about['cpu']}), Python {about['python']}, "
        f"{about['system']}" + (f"; {setting}" if setting else "")
    )
    for line in lines:
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": about, "rows": rows}, indent=2))


def bare_frame(client_id, number):
    # Shaped like the product's broadcast so that the clients read both the same way.
    return {
        "type": "message",
        "message": {"client_id": client_id, "body": f"Bench message **{number}**"},
    }


# --- Set-ups ---------------------------------------------------------------------------------


def server_env(database_url, redis_url, prefix):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coil_platform.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "CHANNEL_LAYER_PREFIX": prefix,
        "CACHE_KEY_PREFIX": prefix,
        "COIL_MESSAGE_RATE": "1000000/1s",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def answers(url, default_port):
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=1):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def postgres_database(url):
    config = dj_database_url.parse(url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "autocommit": True,
    }
    name = f"coil_bench_{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", **params) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(dbname="postgres", **params) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextlib.contextmanager
def redis_setup_database(work_dir):
    """The database of the Redis set-up: a fresh PostgreSQL database when one answers (from
    DATABASE_URL, else the default), else a SQLite file in `work_dir`."""
    database_url = os.environ.get("DATABASE_URL", "")
    if urlsplit(database_url).scheme not in {"postgres", "postgresql"}:
        database_url = DEFAULT_POSTGRES_URL
    if answers(database_url, 5432):
        with postgres_database(database_url) as url:
            yield url
    else:
        # Two processes can share one SQLite file; only the senders write to it.
        yield f"sqlite:///{Path(work_dir) / 'bench-redis.sqlite3'}"


def forget_redis_keys(redis_url, prefix):
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}*", count=1000):
        client.delete(key)
    client.close()


def measure(setup, processes, env, args, work_dir):
    prepared = run_prepare(env, args.clients)
    space = prepared["space"]
    rows = []
    for consumer, app, path, frame_for, _product in consumers(space):
        print(f"  {setup}: {consumer} consumer, {processes} daphne process(es)…", flush=True)
        with servers(app, processes, env, work_dir) as started:
            for window in args.windows:
                result = asyncio.run(
                    run_load(started, path, prepared["sessions"], args, frame_for, window)
                )
                rows.append(
                    {"setup": setup, "processes": processes, "consumer": consumer, **result}
                )
    return rows


def machine():
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def cpu_model():
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def number(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def table(rows):
    lines = [
        "| layer | daphne | consumer | clients | in flight | messages | p50 ms | p99 ms "
        "| deliveries/s | lost | p50 × bare | deliveries/s ÷ bare |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    floors = bare_rows(rows, key=lambda row: (row["setup"], row["window"]))
    for row in sorted(rows, key=lambda row: (row["setup"], row["window"])):
        floor = floors.get((row["setup"], row["window"]))
        slower = faster = "1.00"
        if row["consumer"] != BARE and floor and floor["p50_ms"] and row["p50_ms"]:
            slower = f"{row['p50_ms'] / floor['p50_ms']:.2f}"
            faster = f"{row['deliveries_per_s'] / floor['deliveries_per_s']:.2f}"
        lines.append(
            f"| {row['setup']} | {row['processes']} | {row['consumer']} | {row['clients']} "
            f"| {row['window']} | {row['messages']} "
            f"| {number(row['p50_ms'])} | {number(row['p99_ms'])} "
            f"| {number(row['deliveries_per_s'], 0)} | {row['lost']} | {slower} | {faster} |"
        )
    return "\n".join(lines)


def in_both_setups(args, measure):
    """The rows of `measure(setup, env, work_dir)` for the in-memory layer with SQLite and,
    when Redis answers at --redis-url, for Redis with a fresh PostgreSQL database."""
    work_dir = tempfile.mkdtemp(prefix="coil-bench-")
    prefix = f"coilbench-{secrets.token_hex(4)}"
    rows = []
    try:
        sqlite_url = f"sqlite:///{Path(work_dir) / 'bench.sqlite3'}"
        rows += measure("memory", server_env(sqlite_url, None, prefix), work_dir)

        if args.no_redis:
            print("  redis: skipped (--no-redis)")
        elif not answers(args.redis_url, 6379):
            print(f"  redis: skipped, nothing answers at {args.redis_url}")
        else:
            with redis_setup_database(work_dir) as url:
                rows += measure("redis", server_env(url, args.redis_url, prefix), work_dir)
            forget_redis_keys(args.redis_url, prefix)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return rows


def main():
    args = parse_args()
    if args.command == "prepare":
        prepare(args.clients)
        return
    print(f"WebSocket fan-out: {args.clients} clients, {args.messages} messages", flush=True)
    processes = {"memory": 1, "redis": 2}
    rows = in_both_setups(
        args,
        lambda setup, env, work_dir: measure(setup, processes[setup], env, args, work_dir),
    )
    report(args, rows, f"warm-up {args.warmup} messages per run", table(rows))


if __name__ == "__main__":
    main()
