"""The unread count reaches the person's open sockets through the real ASGI application."""

import json

import pytest
from channels.db import database_sync_to_async

from notifications.services import mark_all_read, notify
from tests.collaboration.conftest import logged_in

pytestmark = pytest.mark.django_db(transaction=True)

db = database_sync_to_async


def mark_read_through_the_api(user, ids):
    response = logged_in(user).post(
        "/api/me/notifications/read/", json.dumps({"ids": ids}), content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


async def test_the_count_is_pushed_when_notices_come_and_when_they_are_read(world, sockets):
    student = world["a_oslo"]
    mine = await sockets(world.plaza, student)
    bystander = await sockets(world.plaza, world["a_leuven"])
    for socket in (mine, bystander):  # every connect starts with the count of now
        assert await socket.next("notifications") == {"type": "notifications", "unread": 0}
    [first] = await db(notify)(
        "mentioned", [student], actor=world["teacher"], target="/en/spaces/1/", title="Plaza"
    )
    assert await mine.next("notifications") == {"type": "notifications", "unread": 1}
    await db(notify)("group_placed", [student], target=world.module, group="Group A")
    assert await mine.next("notifications") == {"type": "notifications", "unread": 2}

    assert await db(mark_read_through_the_api)(student, [first.pk]) == {"unread": 1}
    assert await mine.next("notifications") == {"type": "notifications", "unread": 1}
    await db(mark_all_read)(student)
    assert await mine.next("notifications") == {"type": "notifications", "unread": 0}

    frames = await bystander.frames_until_quiet()
    assert not [frame for frame in frames if frame.get("type") == "notifications"]


async def test_every_open_socket_of_the_person_hears_it(world, sockets):
    teacher = world["teacher"]
    in_plaza = await sockets(world.plaza, teacher)
    in_teachers_room = await sockets(world.teachers_room, teacher)
    for socket in (in_plaza, in_teachers_room):
        assert await socket.next("notifications") == {"type": "notifications", "unread": 0}
    await db(notify)("approval_requested", [teacher], actor=world["teacher2"], target=world.module)
    for socket in (in_plaza, in_teachers_room):
        assert await socket.next("notifications") == {"type": "notifications", "unread": 1}


async def test_a_socket_that_connects_again_gets_the_count_of_now(world, sockets):
    """What came while the person's socket was away shows as soon as it is back."""
    student = world["a_oslo"]
    await db(notify)("group_placed", [student], target=world.module, group="Group A")
    socket = await sockets(world.plaza, student)
    assert await socket.next("notifications") == {"type": "notifications", "unread": 1}
