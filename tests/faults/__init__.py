"""The fault suite: after real faults, every socket ends with every stored message, once.

Each test starts servers of its own on free ports (conftest.py): the embedded default (one
daphne, a SQLite copy, the in-memory layer) in every pass, and two daphne workers on a
PostgreSQL copy with a redis-server of the test's own when DATABASE_URL points at
PostgreSQL. Clients (client.py) follow the delivery protocol as the browser must; the
tests (test_*.py) strike while they post and compare every client with the database.

Run alone: ``make test PYTEST_ARGS=tests/faults`` (add DATABASE_URL=postgres://... for
the scaled faults).
"""
