"""Fixtures of the fault suite: servers of each test's own on a copy of a seeded database.

- ``embedded_site``: the embedded default, one daphne on a SQLite file with the in-memory
  channel layer (runs in every pass).
- ``scaled_site``: two daphne workers on a fresh PostgreSQL database and a redis-server of
  the test's own (skipped unless ``DATABASE_URL`` points at PostgreSQL).

Both are ``harness.Site`` objects: ``.servers`` (DaphneServer, with ``.url``), ``.urls``,
``.sessions`` (demo username -> session key), ``.spaces`` ("plaza", "teachers", "Group 1",
"Group 2" -> space id), ``.redis`` (``harness.RedisServer`` or None), ``.counters(server)``,
``.kill(server)``, ``.logs()``. Every test starts its own, so the tests are independent of
each other and of the xdist worker they run on.
"""

import signal

import pytest

from tests.faults import harness


def _interrupt_on_sigterm():
    """A CI time limit's SIGTERM runs the teardown (and drops the databases) like Ctrl+C."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:

        def interrupt(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, interrupt)


def _shared_dir(tmp_path_factory, worker_id):
    """One folder for every xdist worker of this run (their base folders' parent)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory, worker_id):
    _interrupt_on_sigterm()
    with harness.shared_template("sqlite", _shared_dir(tmp_path_factory, worker_id)) as template:
        yield template


@pytest.fixture(scope="session")
def postgres_template(tmp_path_factory, worker_id):
    if not harness.postgres_available():
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    _interrupt_on_sigterm()
    with harness.shared_template("postgres", _shared_dir(tmp_path_factory, worker_id)) as template:
        yield template


@pytest.fixture
def embedded_site(sqlite_template, tmp_path):
    with sqlite_template.copy(tmp_path) as database_url:
        site = harness.Site(sqlite_template, database_url, tmp_path)
        try:
            site.start_workers(1)
            yield site
        finally:
            site.stop()


@pytest.fixture
def scaled_site(postgres_template, tmp_path):
    redis = harness.RedisServer(tmp_path).start()
    try:
        with postgres_template.copy(tmp_path) as database_url:
            site = harness.Site(postgres_template, database_url, tmp_path, redis=redis)
            try:
                site.start_workers(2)
                yield site
            finally:
                site.stop()
    finally:
        redis.stop()
