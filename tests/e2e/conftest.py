"""End-to-end tests: real daphne servers on a database of their own, driven by headless Chromium.

How to write one::

    import pytest

    from tests.e2e.conftest import assert_accessible, login, screenshot

    pytestmark = pytest.mark.e2e


    def test_teacher_sees_the_module(page, live_server):
        login(page, live_server, "teacher.oslo")
        page.goto(live_server.url + "/en/modules/")
        assert_accessible(page)
        screenshot(page, "modules-en")  # /tmp/shots/modules-en.png


    def test_on_a_phone(make_page, live_server):
        phone = make_page(width=360)
        ...

Fixtures:

- ``live_server`` (session): daphne serving a fresh database (a temporary SQLite file, or a new
  ``<name>_e2e_<random>`` database on the PostgreSQL server of ``DATABASE_URL``, dropped
  afterwards) that has been migrated and loaded with ``seed_demo``. ``.url`` is its base URL,
  ``.start_server()`` starts another daphne process on the same database and channel layer
  (with ``REDIS_URL`` set, messages cross between the processes) and returns it with ``.url``
  and ``.stop()`` (``.start_server(port=old.port)`` restarts a stopped one);
  ``.manage(*args)`` runs a management command against the same database, for setting up
  data (``live_server.manage("shell", "-c", "...")``);
  ``.create_user(username, roles=[...], institution="UCLL", ...)`` makes an account of the
  test's own for tests that change an account (the demo accounts are shared by all tests).
  The classes live in tests/e2e/servers.py. A test that changes shared demo data (a module
  through its workflow, say) makes servers of its own with ``seeded_server(**env)``, which
  can also set the servers' environment (``EMAIL_URL="file:////<folder>/"`` to read the e-mails).
- ``browser`` (session): headless Chromium from /usr/bin/chromium; tests that use it are
  skipped when it is missing.
- ``page``: a fresh browser context and page at desktop size; ``make_page(width=, height=,
  locale=, ...)`` makes more (other sizes, other Accept-Language, a second user).

Rules that keep this working:

- The test process never touches the database: the servers own it. Prepare data with
  ``live_server.manage(...)`` or through the site itself. The Playwright sync API marks an
  event loop as running in the test thread for as long as the browser lives, so the Django
  ORM (and pytest-asyncio) would refuse to run there anyway.
- The e2e tests run after every other test (``pytest_collection_modifyitems`` below), so
  that the session-wide browser cannot disturb the async tests of the rest of the suite.
- Servers get ``COIL_MESSAGE_RATE`` raised far beyond what a test posts, and a head frame
  every second (``COIL_HEAD_INTERVAL=1``).
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from accounts.demo import DEMO_PASSWORD
from tests.e2e.servers import LiveServer, fresh_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS_DIR = Path(tempfile.gettempdir()) / "shots"  # /tmp/shots; never inside the repository
SERVER_SETTINGS = "coil_platform.settings.dev"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark everything in tests/e2e as e2e and run it last, after the in-process tests."""
    e2e, others = [], []
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
        (e2e if item.get_closest_marker("e2e") else others).append(item)
    items[:] = others + e2e


@pytest.fixture(autouse=True)
def _live_server_helper():
    """Replace pytest-django's helper of the same name.

    For a test that uses a fixture called ``live_server`` it would set up the in-process test
    database; the e2e servers have a database of their own and the tests do not touch it.
    """
    yield


def _interrupt_on_sigterm():
    """Treat SIGTERM (a CI time limit, for example) like Ctrl+C, so that teardown still runs.

    Otherwise the servers' PostgreSQL database would be left behind.
    """
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:

        def interrupt(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, interrupt)


@contextlib.contextmanager
def seeded_server(**extra_env):
    """A LiveServer on a fresh database with the demo data, stopped and removed afterwards.

    ``extra_env`` adds to or overrides the servers' environment, e.g. for a test that reads
    the e-mails sent, ``EMAIL_URL="file:////tmp/mails/"`` (four slashes: dj-email-url
    drops the path's first).
    """
    _interrupt_on_sigterm()
    work_dir = tempfile.mkdtemp(prefix="coil-e2e-")
    key_prefix = f"coile2e-{secrets.token_hex(4)}"
    try:
        with fresh_database(work_dir) as database_url:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS,
                "DATABASE_URL": database_url,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                # Tests post quickly; the real limit has tests of its own.
                "COIL_MESSAGE_RATE": "100000/1s",
                # Every socket hears the space's head each second, so a change whose frame
                # was lost reaches the page within a test's patience.
                "COIL_HEAD_INTERVAL": "1",
                # With REDIS_URL set, this run keeps to a key space of its own.
                "CHANNEL_LAYER_PREFIX": key_prefix,
                "CACHE_KEY_PREFIX": key_prefix,
                "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
                "PYTHONUNBUFFERED": "1",
                **extra_env,
            }
            server = LiveServer(env, work_dir)
            server.manage("migrate", "--noinput")
            server.manage("seed_demo")
            try:
                server.start_server()
                yield server
            finally:
                server.stop()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def live_server():
    with seeded_server() as server:
        yield server


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing; install Chromium (apt-get install chromium)")
    # Imported here so that the rest of the suite runs where Playwright is not installed.
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional, see above

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def make_page(browser):
    """Factory for pages in fresh browser contexts (own cookies), closed after the test."""
    contexts = []

    def make(width=1280, height=800, locale="en-GB", **context_options):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale=locale, **context_options
        )
        context.set_default_timeout(15_000)
        # assert_accessible needs to know: axe-core cannot run where scripts are off.
        context.coil_javascript = context_options.get("java_script_enabled", True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    return make_page()


# --- Helpers ---------------------------------------------------------------------------------


def login(page, live_server, username, password=DEMO_PASSWORD):
    """Sign in through the real form at /accounts/login/; fails the test if sign-in fails."""
    base_url = getattr(live_server, "url", live_server)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if urlsplit(page.url).path.endswith("/accounts/login/"):
        pytest.fail(f"signing in as {username} failed: {page.inner_text('main')}")


def assert_accessible(page, context=None):
    """Run axe-core on the page with the WCAG 2.1 A and AA rules; fail listing the violations.

    A page opened without JavaScript (``make_page(java_script_enabled=False)``) is checked
    in a copy: axe-core's promise never settles where scripts are off.
    """
    # Like Playwright, only needed (and perhaps only installed) where the browser tests run.
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 - optional

    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    if getattr(page.context, "coil_javascript", True):
        results = Axe().run(page, context=context, options=options)
    else:
        copy = _scriptless_copy(page)
        try:
            results = Axe().run(copy, context=context, options=options)
        finally:
            copy.context.close()
    if results.violations_count:
        pytest.fail(f"axe-core found problems on {page.url}:\n{results.generate_report()}")


def _scriptless_copy(page):
    """The page's current HTML at its own address, in a context where axe-core can run.

    Its scripts are removed and its <noscript> content unwrapped, so that the copy shows
    what the browser without JavaScript shows; stylesheets load from the real server.
    """
    html = re.sub(r"<script\b.*?</script\s*>", "", page.content(), flags=re.IGNORECASE | re.DOTALL)
    html = re.sub(r"</?noscript\b[^>]*>", "", html, flags=re.IGNORECASE)
    address = page.url.split("#", 1)[0]
    context = page.context.browser.new_context(
        viewport=page.viewport_size, storage_state=page.context.storage_state()
    )
    copy = context.new_page()
    copy.route(
        lambda url: url.split("#", 1)[0] == address,
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    copy.goto(page.url)
    return copy


def screenshot(page, name):
    """Save a full-page PNG to /tmp/shots/<name>.png (never into the repository)."""
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SHOTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


FIND_GROUP = """
import json
from collaboration.models import GroupMembership, SpaceKind
membership = GroupMembership.objects.select_related("group__space", "module").get(
    student__username="student.oslo1"
)
group = membership.group
partner = group.members.filter(institution__short_name="UCLL").order_by("username").first()
plaza = membership.module.spaces.get(kind=SpaceKind.PLAZA)
print(json.dumps({
    "space": group.space.pk,
    "plaza": plaza.pk,
    "partner": partner.username,
    "partner_name": partner.name,
}))
"""


@pytest.fixture(scope="module")
def demo_group(live_server):
    """The demo group of student.oslo1: its space id and a UCLL student in it."""
    result = live_server.manage("shell", "-c", FIND_GROUP)
    return json.loads(result.stdout.strip().splitlines()[-1])
