"""Real daphne processes and the databases they serve, for the end-to-end tests.

tests/e2e/conftest.py builds its fixtures from these; other tests that need a real server
(for example the health check against a broken database) use DaphneServer directly.
"""

import contextlib
import ctypes
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
from psycopg import sql

from accounts.demo import DEMO_PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SERVER_START_TIMEOUT = 60  # seconds until /healthz must answer


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _end_with_parent():
    """Let Linux stop the server if the test process dies without cleaning up (kill -9)."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class DaphneServer:
    """One daphne process serving coil_platform.asgi:application on 127.0.0.1.

    ``port`` (default: a free one) lets a new process take the place of one that stopped.
    """

    def __init__(self, env, log_dir, port=None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"daphne-{self.port}.log"
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed command, our own interpreter
                [
                    sys.executable,
                    "-m",
                    "daphne",
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "coil_platform.asgi:application",
                ],
                cwd=BASE_DIR,
                env={**env, "PORT": str(self.port)},
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_end_with_parent,
            )

    def health(self):
        """(status, JSON body) of /healthz, or None while the server does not answer."""
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=10) as response:  # noqa: S310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_until_answering(self, healthy=True, timeout=SERVER_START_TIMEOUT):
        """Wait until /healthz answers (with 200 if ``healthy``) and return (status, body).

        Returns None if the process died before, for example because its port was taken.
        """
        deadline = time.monotonic() + timeout
        answer = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return None
            answer = self.health()
            if answer is not None and (answer[0] == 200 or not healthy):
                return answer
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"daphne at {self.url} did not answer{' healthy' if healthy else ''} within "
            f"{timeout}s (last: {answer}).\n{log_tail(self.log_path)}"
        )

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __repr__(self):
        return f"<DaphneServer {self.url}>"


class LiveServer:
    """The e2e servers and their database; ``url`` is the first server's base URL."""

    def __init__(self, env, work_dir):
        self.env = env
        self.work_dir = Path(work_dir)
        self.servers = []
        self.url = None

    @property
    def database_url(self):
        return self.env["DATABASE_URL"]

    def manage(self, *args, check=True, timeout=600):
        """Run ``manage.py <args>`` against the servers' database; returns the CompletedProcess."""
        result = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def create_user(self, username, password=DEMO_PASSWORD, roles=(), **fields):
        """Create (or reset) an account of its own for a test that changes it.

        The demo accounts are shared by every e2e test; a test that edits a profile or
        leaves a module works on an account made for it. ``fields`` are User fields,
        ``institution`` given by short name; ``roles`` are group names.
        """
        payload = {"username": username, "password": password, "roles": list(roles)}
        payload["fields"] = fields
        code = (
            "import json\n"
            "from django.contrib.auth.models import Group\n"
            "from accounts.models import Institution, User\n"
            f"data = json.loads({json.dumps(payload)!r})\n"
            "fields = data['fields']\n"
            "if fields.get('institution'):\n"
            "    short_name = fields['institution']\n"
            "    fields['institution'] = Institution.objects.get(short_name=short_name)\n"
            "user, _ = User.objects.update_or_create(username=data['username'], defaults=fields)\n"
            "user.set_password(data['password'])\n"
            "user.save()\n"
            "user.groups.set(Group.objects.filter(name__in=data['roles']))\n"
        )
        self.manage("shell", "-c", code)

    def start_server(self, port=None):
        """Start another daphne process on the same database and channel layer and return it.

        With ``port``, on that port: a restart of a server that was stopped, for the pages
        that were connected to it.
        """
        for _attempt in range(3):
            server = DaphneServer(self.env, self.work_dir, port=port)
            self.servers.append(server)
            if server.wait_until_answering():
                if self.url is None:
                    self.url = server.url
                return server
        raise RuntimeError(f"daphne would not start:\n{log_tail(server.log_path)}")

    def stop(self):
        for server in self.servers:
            server.stop()


def is_postgres(url):
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql", "postgis"}


def _postgres_admin_connection(config):
    """A connection for CREATE/DROP DATABASE: the maintenance database, else the named one."""
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "autocommit": True,
    }
    try:
        return psycopg.connect(dbname="postgres", **params)
    except psycopg.OperationalError:
        return psycopg.connect(dbname=config["NAME"], **params)


@contextlib.contextmanager
def fresh_database(work_dir):
    """Yield the DATABASE_URL of an empty database that is removed afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not is_postgres(url):
        yield f"sqlite:///{Path(work_dir) / 'e2e.sqlite3'}"
        return

    config = dj_database_url.parse(url)
    name = f"{config['NAME'] or 'coil'}_e2e_{secrets.token_hex(4)}"
    with _postgres_admin_connection(config) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with _postgres_admin_connection(config) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
