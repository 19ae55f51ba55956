import pytest
from channels.layers import channel_layers
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import Locale, Page

from accounts.roles import ALL_ROLES
from funding.permission_testers import CALL_MANAGERS
from home.demo import ensure_home_pages


def ensure_migration_rows():
    """Rows that migrations create and that a transactional test's flush removes."""
    for role in [*ALL_ROLES, CALL_MANAGERS]:
        Group.objects.get_or_create(name=role)
    if Page.get_first_root_node() is None:
        locale, _created = Locale.objects.get_or_create(language_code="en")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture
def transactional_db_rows(db):
    ensure_migration_rows()


@pytest.fixture
def home_pages(transactional_db_rows):
    """The home page in en, nb and sv, with the default site pointing at the English one."""
    return ensure_home_pages()


@pytest.fixture(autouse=True)
def language_left_as_found():
    """A page requested under /nb/ or /sv/ leaves its language active in the thread (Django's
    LocaleMiddleware does not undo it); the tests that run next in the same worker expect none."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """Every test gets its own channel layer object.

    Each test runs on an event loop of its own, and channels_redis keeps receive state
    (a lock, the receiving loop, buffers) per layer object: a layer shared with a test whose
    loop is gone refuses to receive on the next one.
    """
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()
