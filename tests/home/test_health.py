"""/healthz checks the database and the channel layer for real and names what is broken.

The broken cases run a real daphne process whose database or channel layer cannot be
reached, because a failure must come from the real driver, not from a stand-in.
"""

import os
from urllib.parse import urlsplit

import pytest

from tests.e2e.servers import DaphneServer, free_port, is_postgres


@pytest.mark.django_db
def test_healthz_reports_both_parts_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "channel_layer": "ok"}
    assert response["Cache-Control"] == "no-store"


def health_of_server(tmp_path, **env):
    """(status, body) of /healthz from a daphne process started with this environment."""
    server_env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    server_env.update(
        DJANGO_SETTINGS_MODULE="coil_platform.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        LOG_LEVEL="CRITICAL",
    )
    server_env.update(env)
    server = DaphneServer(server_env, tmp_path)
    try:
        return server.wait_until_answering(healthy=False)
    finally:
        server.stop()


def unreachable_postgres_url():
    # Nothing listens on a port we just found free.
    return f"postgres://postgres@127.0.0.1:{free_port()}/coil"


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param(lambda tmp: f"sqlite:///{tmp / 'missing-folder' / 'db.sqlite3'}", id="sqlite"),
        pytest.param(lambda tmp: unreachable_postgres_url(), id="postgres"),
    ],
)
def test_healthz_names_a_broken_database(tmp_path, database_url):
    status, body = health_of_server(tmp_path, DATABASE_URL=database_url(tmp_path))

    assert status == 503
    assert body == {"database": "error", "channel_layer": "ok"}


def test_healthz_names_a_broken_channel_layer(tmp_path):
    redis_url = f"redis://127.0.0.1:{free_port()}/0"  # a port nothing listens on

    status, body = health_of_server(tmp_path, REDIS_URL=redis_url)

    assert status == 503
    assert body == {"database": "ok", "channel_layer": "error"}


def test_healthz_of_a_working_server(tmp_path):
    """The same server answers 200 on the backends of this run (PostgreSQL and Redis in CI)."""
    env = {}
    if is_postgres(os.environ.get("DATABASE_URL", "")):
        # The maintenance database always exists; the suite's own is made by pytest-django.
        env["DATABASE_URL"] = (
            urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()
        )
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]

    status, body = health_of_server(tmp_path, **env)

    assert status == 200
    assert body == {"database": "ok", "channel_layer": "ok"}
