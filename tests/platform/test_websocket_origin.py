"""WebSocket connections from pages of other sites are refused before they reach a consumer.

A browser sends the session cookie with a WebSocket opened by any page, so without the
Origin check another site could act as the signed-in person (cross-site WebSocket hijacking).
"""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from coil_platform.asgi import application
from tests.factories import UserFactory

# Channels' consumers (also the one that refuses) tidy database connections on the way in.
pytestmark = pytest.mark.django_db

# The validator refuses with a plain close (1000); the space consumer closes with 44xx codes.
REFUSED_BY_ORIGIN_CHECK = (False, 1000)


async def connect(origin=None, cookie=None, host="localhost", extra=()):
    headers = [(b"host", host.encode()), *extra]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, "/ws/spaces/1/", headers=headers)
    try:
        return await communicator.connect(timeout=5)
    finally:
        await communicator.disconnect()


@sync_to_async
def session_cookie():
    user = UserFactory(username="student.ws", roles=["Students"])
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "http://localhost.evil.example",
        "http://evil.example:8000",
        "null",
        "",
    ],
)
async def test_foreign_origin_is_refused(origin):
    assert await connect(origin=origin) == REFUSED_BY_ORIGIN_CHECK


async def test_missing_origin_is_refused():
    assert await connect(origin=None) == REFUSED_BY_ORIGIN_CHECK


@pytest.mark.django_db(transaction=True)
async def test_foreign_origin_is_refused_even_with_a_valid_session():
    cookie = await session_cookie()

    assert await connect(origin="https://evil.example", cookie=cookie) == REFUSED_BY_ORIGIN_CHECK


@pytest.mark.parametrize(
    "origin",
    [
        "http://localhost:9999",  # another port of an allowed host
        "https://localhost",  # another scheme
        "ws://localhost",
        "http://127.0.0.1",  # another allowed host than the one the page came from
    ],
)
async def test_only_the_page_s_own_origin_is_accepted(origin):
    assert await connect(origin=origin) == REFUSED_BY_ORIGIN_CHECK


async def test_the_page_s_own_origin_reaches_the_consumer():
    # Not signed in: the consumer itself accepts and closes with 4401.
    assert await connect(origin="http://localhost") == (True, None)
    assert await connect(origin="http://localhost:8000", host="localhost:8000") == (True, None)


@pytest.mark.parametrize(
    ("forwarded", "origin", "accepted"),
    [("https", "https://localhost", True), ("https", "http://localhost", False)],
)
async def test_behind_a_tls_proxy_the_origin_is_https(settings, forwarded, origin, accepted):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    headers = [(b"x-forwarded-proto", forwarded.encode())]
    result = await connect(origin=origin, extra=headers)
    assert (result != REFUSED_BY_ORIGIN_CHECK) is accepted


async def test_trusted_origins_are_accepted(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://coil.example.org"]
    assert await connect(origin="https://coil.example.org") != REFUSED_BY_ORIGIN_CHECK
