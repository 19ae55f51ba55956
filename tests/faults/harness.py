"""Servers, databases and faults of the fault suite: all its own, on free ports.

- ``RedisServer``: a redis-server of the test's own (no persistence, so a restart is empty).
- ``Template``: a database migrated and loaded with ``seed_demo`` once, with a session for
  every demo account in it; every test gets a copy of it (``CREATE DATABASE ... TEMPLATE``
  on PostgreSQL, SQLite's backup API for a file), because migrating takes far longer
  than the faults themselves. The first xdist worker that needs one builds it for all;
  the last one done with it removes it.
- ``Site``: daphne workers (tests/e2e/servers.py's DaphneServer) on one such copy and one
  channel layer, with the environment of a fault run: a head frame every second and no
  message limit to speak of.

Never the shared Redis on 6379 nor the suite's own databases: everything here is made for
the test and removed after it.
"""

import asyncio
import contextlib
import fcntl
import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import redis
from psycopg import errors, sql

from tests.e2e.servers import (
    BASE_DIR,
    DaphneServer,
    _end_with_parent,
    _postgres_admin_connection,
    is_postgres,
    log_tail,
)

SHARED_REDIS_PORT = 6379
SERVER_SETTINGS = "coil_platform.settings.dev"
DEMO_USERS = [
    "teacher.oslo",
    "teacher.leuven",
    "student.oslo1",
    "student.oslo2",
    "student.oslo3",
    "student.leuven1",
    "student.leuven2",
    "student.leuven3",
]
# Prints {"sessions": {username: session key}, "spaces": {"plaza"|"teachers"|group: id}}.
SETUP_CODE = f"""
import json
from django.test import Client
from django.utils import translation
from accounts.models import User
from collaboration import membership
from collaboration.demo import MODULE_TITLE
from collaboration.models import Space
from modules.models import CourseModulePage

sessions = {{}}
for user in User.objects.filter(username__in={DEMO_USERS!r}):
    client = Client()
    client.force_login(user)
    sessions[user.username] = client.cookies["sessionid"].value
page = CourseModulePage.objects.filter(title=MODULE_TITLE).order_by("pk").first()
spaces = {{}}
for space in Space.objects.filter(module=page.original()).select_related("group"):
    with translation.override("en"):
        spaces[str(space.group.label) if space.group_id else space.kind] = space.pk
print("SETUP " + json.dumps({{"sessions": sessions, "spaces": spaces}}))
"""


def free_port():
    """A free port on 127.0.0.1, never the shared Redis's."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port != SHARED_REDIS_PORT:
            return port


class Patience:
    """Tries of ``condition`` for ``timeout`` seconds, then a failure naming ``what``."""

    def __init__(self, condition, timeout, what):
        self.condition, self.timeout, self.what = condition, timeout, what
        self.deadline = time.monotonic() + timeout

    def attempt(self):
        """The condition's value when it is true, None while there is time left."""
        value = self.condition()
        if not value and time.monotonic() > self.deadline:
            raise AssertionError(f"{self.what}: not within {self.timeout} s")
        return value or None


def wait_for(condition, timeout, what, interval=0.05):
    """Poll ``condition`` until it is true (returns its value); fail after ``timeout`` s."""
    patience = Patience(condition, timeout, what)
    while (value := patience.attempt()) is None:
        time.sleep(interval)
    return value


async def until(condition, timeout, what, interval=0.05):
    """``wait_for`` for a coroutine: the event loop runs on between the tries."""
    patience = Patience(condition, timeout, what)
    while (value := patience.attempt()) is None:
        await asyncio.sleep(interval)
    return value


def base_env(database_url, redis_url=None):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CHANNEL_LAYER_PREFIX", "CACHE_KEY_PREFIX"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE=SERVER_SETTINGS,
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        COIL_HEAD_INTERVAL="1",
        COIL_MESSAGE_RATE="100000/1s",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        assert urlsplit(redis_url).port != SHARED_REDIS_PORT
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args, timeout=600):
    result = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result.stdout


# Redis ----------------------------------------------------------------------------------


class RedisServer:
    """redis-server on a free port of its own, without snapshots or an append-only file."""

    def __init__(self, work_dir):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.work_dir = Path(work_dir)
        self.log_path = self.work_dir / f"redis-{self.port}.log"
        self.process = None

    def start(self, timeout=20):
        assert self.process is None or self.process.poll() is not None
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed command
                [
                    shutil.which("redis-server") or "/usr/bin/redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.work_dir),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_end_with_parent,
            )
        wait_for(self.answers, timeout, f"redis-server on {self.port} answering")
        return self

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def answers(self):
        if self.process is None or self.process.poll() is not None:
            return False
        try:
            with contextlib.closing(self.client()) as client:
                return client.ping()
        except OSError:
            return False
        except Exception:  # noqa: BLE001 - redis-py's own errors while it starts
            return False

    def flushall(self):
        with contextlib.closing(self.client()) as client:
            client.flushall()

    def dbsize(self):
        with contextlib.closing(self.client()) as client:
            return client.dbsize()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


# Databases ------------------------------------------------------------------------------


class Template:
    """A migrated, seeded database to copy from, with its demo sessions and spaces."""

    def __init__(self, kind, url, info):
        self.kind = kind
        self.url = url
        self.sessions = info["sessions"]
        self.spaces = info["spaces"]

    @contextlib.contextmanager
    def copy(self, work_dir):
        """Yield the DATABASE_URL of a fresh copy, removed afterwards."""
        if self.kind == "sqlite":
            path = Path(work_dir) / f"faults-{secrets.token_hex(4)}.sqlite3"
            source = sqlite3.connect(f"file:{sqlite_path(self.url)}?mode=ro", uri=True)
            target = sqlite3.connect(path)
            with contextlib.closing(source), contextlib.closing(target):
                source.backup(target)
            try:
                yield f"sqlite:///{path}"
            finally:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            return

        config = dj_database_url.parse(self.url)
        name = f"{config['NAME'].rsplit('_tpl_', 1)[0]}_{secrets.token_hex(4)}"
        with _postgres_admin_connection(config) as connection:
            for attempt in range(20):
                try:
                    connection.execute(
                        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                            sql.Identifier(name), sql.Identifier(config["NAME"])
                        )
                    )
                    break
                except errors.ObjectInUse:  # another copy is being made right now
                    if attempt == 19:
                        raise
                    time.sleep(0.25)
        try:
            yield urlsplit(self.url)._replace(path=f"/{name}").geturl()
        finally:
            drop_postgres_database(self.url, name)


def sqlite_path(url):
    return dj_database_url.parse(url)["NAME"]


def drop_postgres_database(url, name):
    with _postgres_admin_connection(dj_database_url.parse(url)) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _build_template(kind, work_dir):
    """Make the database, migrate it, seed it; return (url, info)."""
    if kind == "sqlite":
        url = f"sqlite:///{Path(work_dir) / 'faults-template.sqlite3'}"
    else:
        shared = os.environ["DATABASE_URL"]
        config = dj_database_url.parse(shared)
        name = f"{config['NAME'] or 'coil'}_faults_tpl_{secrets.token_hex(4)}"
        with _postgres_admin_connection(config) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        url = urlsplit(shared)._replace(path=f"/{name}").geturl()
    try:
        env = base_env(url)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        output = manage(env, "shell", "-c", SETUP_CODE)
    except BaseException:
        _remove_template(kind, url)
        raise
    line = next(line for line in output.splitlines() if line.startswith("SETUP "))
    return url, json.loads(line.removeprefix("SETUP "))


def _remove_template(kind, url):
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(sqlite_path(url) + suffix).unlink(missing_ok=True)
    else:
        drop_postgres_database(url, urlsplit(url).path.lstrip("/"))


@contextlib.contextmanager
def shared_template(kind, shared_dir):
    """The template of this kind for every xdist worker of the run, made by the first.

    ``shared_dir`` is the same folder for all workers of one run. A count of the workers
    holding the template lives beside it; the last to let go removes it.
    """
    shared_dir = Path(shared_dir)
    record = shared_dir / f"faults-template-{kind}.json"

    @contextlib.contextmanager
    def locked():
        with (shared_dir / f"faults-template-{kind}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    with locked():
        if record.exists():
            data = json.loads(record.read_text())
        else:
            work_dir = shared_dir / f"faults-template-{kind}"
            work_dir.mkdir(exist_ok=True)
            url, info = _build_template(kind, work_dir)
            data = {"url": url, "info": info, "holders": 0}
        data["holders"] += 1
        record.write_text(json.dumps(data))
    try:
        yield Template(kind, data["url"], data["info"])
    finally:
        with locked():
            data = json.loads(record.read_text())
            data["holders"] -= 1
            if data["holders"] <= 0:
                record.unlink()
                _remove_template(kind, data["url"])
            else:
                record.write_text(json.dumps(data))


# Servers --------------------------------------------------------------------------------


class Site:
    """Daphne workers on one database and one channel layer."""

    def __init__(self, template, database_url, work_dir, redis=None):
        self.template = template
        self.database_url = database_url
        self.work_dir = Path(work_dir)
        self.redis = redis
        self.env = base_env(database_url, redis.url if redis else None)
        self.servers = []
        self.sessions = template.sessions
        self.spaces = template.spaces

    @property
    def database_name(self):
        return urlsplit(self.database_url).path.lstrip("/")

    @property
    def urls(self):
        return [server.url for server in self.servers]

    def start_workers(self, count):
        """Start ``count`` daphne processes at once; return them once /healthz says 200."""
        started = []
        for _attempt in range(3):
            starting = [DaphneServer(self.env, self.work_dir) for _ in range(count - len(started))]
            self.servers.extend(starting)
            with ThreadPoolExecutor(len(starting)) as pool:
                answers = list(pool.map(lambda server: server.wait_until_answering(), starting))
            started += [server for server, answer in zip(starting, answers, strict=True) if answer]
            if len(started) == count:
                return started
        raise RuntimeError(f"daphne would not start:\n{self.logs()}")

    def manage(self, *args):
        return manage(self.env, *args)

    def get(self, server, path):
        with urllib.request.urlopen(server.url + path, timeout=10) as response:  # noqa: S310
            return json.loads(response.read())

    def counters(self, server):
        return self.get(server, "/healthz/counters")

    def health(self, server):
        return server.health()

    def logs(self, lines=60):
        return "\n\n".join(
            f"--- {server.url} ---\n{log_tail(server.log_path, lines)}" for server in self.servers
        )

    def log_text(self, server):
        return Path(server.log_path).read_text(errors="replace")

    def kill(self, server):
        """kill -9: no goodbye to its sockets, no cleanup of its groups or presence."""
        server.process.kill()
        server.process.wait(timeout=10)

    def stop(self):
        for server in self.servers:
            server.stop()


def postgres_available():
    return is_postgres(os.environ.get("DATABASE_URL", ""))


def terminate_connections(database_url, name):
    """pg_terminate_backend on every connection to database ``name``; returns how many."""
    config = dj_database_url.parse(database_url)
    with _postgres_admin_connection(config) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return len(rows)
