import pytest
from channels.layers import channel_layers
from django.utils import translation

from home.demo import ensure_home_pages


@pytest.fixture
def home_pages(db):
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
