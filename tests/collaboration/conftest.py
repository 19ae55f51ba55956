"""A module with two partner institutions, two mixed groups and one person of every role."""

import json
from dataclasses import dataclass

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from accounts.roles import COORDINATORS, EDITORS, STUDENTS, TEACHERS
from coil_platform.asgi import application as asgi_application
from collaboration.membership import place_student
from collaboration.models import Enrolment, Space, SpaceKind, StudentGroup
from home.demo import ensure_home_pages
from tests.factories import (
    CourseModulePageFactory,
    ModuleIndexPageFactory,
    ModuleTeacherFactory,
    UserFactory,
    demo_institutions,
)

ORIGIN = b"http://testserver"


def clear_cache():
    """Empty this test run's cache keys only.

    On Redis, cache.clear() is FLUSHDB: it would also empty the channel layer and the
    keys of any other test process sharing the server.
    """
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and presence live in the cache; every test starts without them."""
    clear_cache()
    yield
    clear_cache()


@dataclass
class World:
    module: object
    other_module: object
    plaza: Space
    group_a: Space
    group_b: Space
    teachers_room: Space
    users: dict

    def __getitem__(self, name):
        return self.users[name]


def make_world(home):
    demo = demo_institutions("OsloMet", "UCLL", "NCI", OsloMet="OsloMet")
    oslo, leuven, kolkata = demo["OsloMet"], demo["UCLL"], demo["NCI"]
    index = ModuleIndexPageFactory(parent=home)
    module = CourseModulePageFactory(parent=index, title="Outdoor play")
    module.partners.set([oslo, leuven])
    module.save()  # a ParentalManyToManyField is written when the page is saved
    other_module = CourseModulePageFactory(parent=index, title="Another module")
    other_module.partners.set([oslo, kolkata])
    other_module.save()

    def user(username, role, institution, tz="Europe/Oslo", **extra):
        roles = [role] if role else []
        return UserFactory(
            username=username, roles=roles, institution=institution, timezone=tz, **extra
        )

    users = {
        "teacher": user("teacher.oslo", TEACHERS, oslo),
        "teacher2": user("teacher.leuven", TEACHERS, leuven, "Europe/Brussels"),
        "other_teacher": user("teacher.elsewhere", TEACHERS, kolkata, "Asia/Kolkata"),
        "a_oslo": user("student.a.oslo", STUDENTS, oslo),
        "a_leuven": user("student.a.leuven", STUDENTS, leuven, "Europe/Brussels"),
        "b_oslo": user("student.b.oslo", STUDENTS, oslo),
        "b_leuven": user("student.b.leuven", STUDENTS, leuven, "Europe/Brussels"),
        "ungrouped": user("student.ungrouped", STUDENTS, leuven, "Europe/Brussels"),
        "outsider": user("student.oslo.outsider", STUDENTS, oslo),
        "kolkata": user("student.kolkata", STUDENTS, kolkata, "Asia/Kolkata"),
        "coordinator": user("coordinator.oslo", COORDINATORS, oslo),
        "editor": user("editor", EDITORS, None),
        "superuser": user("admin", None, None, is_superuser=True, is_staff=True),
    }
    ModuleTeacherFactory(page=module, user=users["teacher"], institution=oslo)
    ModuleTeacherFactory(page=module, user=users["teacher2"], institution=leuven)
    ModuleTeacherFactory(page=other_module, user=users["other_teacher"], institution=kolkata)

    groups = {
        "a": StudentGroup.objects.create(module=module, name="Group A"),
        "b": StudentGroup.objects.create(module=module, name="Group B"),
    }
    for name in ["a_oslo", "a_leuven", "b_oslo", "b_leuven", "ungrouped"]:
        Enrolment.objects.create(module=module, student=users[name])
    for name in ["a_oslo", "a_leuven", "b_oslo", "b_leuven"]:
        place_student(module, users[name], groups[name[0]])
    return World(
        module=module,
        other_module=other_module,
        plaza=Space.objects.get(module=module, kind=SpaceKind.PLAZA),
        group_a=groups["a"].space,
        group_b=groups["b"].space,
        teachers_room=Space.objects.get(module=module, kind=SpaceKind.TEACHERS),
        users=users,
    )


@pytest.fixture
def world(transactional_db_rows):
    return make_world(ensure_home_pages()["en"])


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


class Socket:
    """A WebsocketCommunicator through the real ASGI application, with small helpers."""

    def __init__(self, space_id, session=None, origin=ORIGIN, application=None):
        if application is None:
            application = asgi_application

        headers = [(b"host", b"testserver")] + ([(b"origin", origin)] if origin else [])
        if session:
            headers.append((b"cookie", f"sessionid={session}".encode()))
        self.communicator = WebsocketCommunicator(
            application, f"/ws/spaces/{space_id}/", headers=headers
        )
        self.pending = []
        # An ack and the broadcast of the same message may come in either order
        # (docs/protocol.md): next() keeps the one it skipped for a later next().
        self.skipped = {"ack": [], "message": []}

    async def open(self):
        """Connect, and return once the consumer has finished setting up the connection.

        The handshake completes before the consumer has joined the space's group; frames
        are handled only after that, so the reply to a first `sync` proves the socket will
        receive broadcasts. (With Redis, group_add takes long enough to matter.) A close
        that comes instead, and any frame before the reply, is kept for the test to read.
        """
        connected, _ = await self.communicator.connect(timeout=3)
        assert connected
        await self.send({"type": "sync", "after": 0})
        while True:
            output = await self.communicator.receive_output(3)
            if output["type"] == "websocket.close":
                self.pending.append(output)
                return self
            if json.loads(output["text"])["type"] in {"history", "error"}:
                return self
            self.pending.append(output)  # presence and the like stay for the test to read

    async def send(self, frame):
        await self.communicator.send_json_to(frame)

    async def send_text(self, text):
        await self.communicator.send_to(text_data=text)

    async def output(self, timeout):
        if self.pending:
            return self.pending.pop(0)
        return await self.communicator.receive_output(timeout)

    async def frame(self, timeout=3):
        output = await self.output(timeout)
        assert output["type"] == "websocket.send", output
        return json.loads(output["text"])

    async def next(self, kind, timeout=3):
        """The next frame of this type, skipping others (presence, typing, ...)."""
        if self.skipped.get(kind):
            return self.skipped[kind].pop(0)
        while True:
            frame = await self.frame(timeout)
            if frame["type"] == kind:
                return frame
            if frame["type"] in self.skipped:
                self.skipped[frame["type"]].append(frame)

    async def closed_with(self, timeout=3):
        """The close code, skipping frames that came before the close."""
        while True:
            output = await self.output(timeout)
            if output["type"] == "websocket.close":
                return output.get("code")

    async def frames_until_quiet(self, timeout=0.3):
        frames = []
        while self.pending:
            output = self.pending.pop(0)
            if output["type"] != "websocket.send":
                return [*frames, output]
            frames.append(json.loads(output["text"]))
        while not await self.communicator.receive_nothing(timeout):
            output = await self.communicator.receive_output(timeout)
            if output["type"] != "websocket.send":
                frames.append(output)
                break
            frames.append(json.loads(output["text"]))
        return frames

    async def close(self):
        await self.communicator.disconnect()


@pytest.fixture
async def sockets():
    """Open sockets for a test; every one is disconnected at the end."""
    opened = []

    async def open_socket(space, user=None, origin=ORIGIN, cookie=None):
        session = cookie
        if user is not None and cookie is None:
            session = await database_sync_to_async(session_cookie)(user)
        socket = Socket(space.pk if hasattr(space, "pk") else space, session, origin)
        opened.append(socket)
        return await socket.open()

    yield open_socket
    for socket in opened:
        await socket.close()


def tombstone_html(message_id, seq):
    """The HTML that frames and sync answers carry for a hidden message: nothing of it."""
    return (
        f'<article class="message-tombstone" id="m-{message_id}" data-id="{message_id}" '
        f'data-seq="{seq}" data-hidden></article>'
    )
