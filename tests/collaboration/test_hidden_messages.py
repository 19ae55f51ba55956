"""Hidden messages: the teachers' list and showing one again, and what the author sees."""

import uuid

import pytest
from channels.db import database_sync_to_async
from django.test import AsyncClient

from collaboration.changes import head
from collaboration.models import Message
from collaboration.services import hide_message, post_message

from .conftest import logged_in

pytestmark = pytest.mark.django_db(transaction=True)
db = database_sync_to_async


def hidden_url(world):
    return f"/en/modules/{world.module.pk}/hidden/"


def hidden_one(world, body="A rude remark", reason="Please keep it friendly."):
    message = post_message(
        user=world["a_leuven"], space=world.group_a, body=body, client_id=uuid.uuid4()
    ).message
    hide_message(user=world["teacher"], space=world.group_a, message_id=message.pk, reason=reason)
    return message


def test_teachers_list_the_hidden_messages_of_their_module(world):
    message = hidden_one(world)
    html = logged_in(world["teacher2"]).get(hidden_url(world)).content.decode()
    assert f'id="hidden-{message.pk}"' in html
    assert "A rude remark" in html
    assert "Student A Leuven in Group A" in html
    assert "Hidden by Teacher Oslo" in html
    assert "Please keep it friendly." in html
    assert 'name="message"' in html and 'name="csrfmiddlewaretoken"' in html
    assert f"/en/modules/{world.module.pk}/hidden/" in (
        logged_in(world["teacher"]).get(world.module.url).content.decode()
    )


@pytest.mark.parametrize("person", ["a_leuven", "other_teacher", "coordinator", "editor"])
def test_nobody_else_lists_or_unhides(world, person):
    message = hidden_one(world)
    client = logged_in(world[person])
    assert client.get(hidden_url(world)).status_code == 403
    assert client.post(hidden_url(world), {"message": message.pk}).status_code == 403
    assert Message.objects.get(pk=message.pk).hidden


def test_the_author_sees_their_hidden_message_marked_and_others_do_not(world):
    message = hidden_one(world)
    author = logged_in(world["a_leuven"]).get(f"/en/spaces/{world.group_a.pk}/").content.decode()
    assert f'id="hidden-mine-{message.pk}"' in author
    assert "Hidden by a teacher" in author and "Please keep it friendly." in author
    assert "A rude remark" in author

    other = logged_in(world["a_oslo"]).get(f"/en/spaces/{world.group_a.pk}/").content.decode()
    assert "A rude remark" not in other and "Please keep it friendly." not in other
    assert f"hidden-mine-{message.pk}" not in other
    teacher = logged_in(world["teacher"]).get(f"/en/spaces/{world.group_a.pk}/").content.decode()
    assert "A rude remark" not in teacher  # the teachers read it in their list


async def test_unhiding_from_the_list_advances_the_seq_and_reaches_sockets(world, sockets):
    message = await db(hidden_one)(world)
    before = await db(head)(world.group_a.pk)
    listener = await sockets(world.group_a, world["a_oslo"])
    client = AsyncClient()
    await db(client.force_login)(world["teacher"])

    response = await client.post(hidden_url(world), {"message": message.pk})
    assert response.status_code == 302

    frame = await listener.next("message")
    assert frame["message"]["id"] == message.pk
    assert frame["message"]["body"] == "A rude remark"
    assert frame["seq"] == before + 1 == await db(head)(world.group_a.pk)
    stored = await db(Message.objects.get)(pk=message.pk)
    assert (stored.hidden, stored.hidden_reason, stored.hidden_at) == (False, "", None)
    listing = await client.get(hidden_url(world))
    assert "A rude remark" not in listing.content.decode()


async def test_the_hiding_frame_carries_nothing_of_the_message(world, sockets):
    listener = await sockets(world.group_a, world["a_oslo"])
    message = await db(hidden_one)(world)
    await listener.next("message")
    frame = await listener.next("message.hidden")
    assert frame["id"] == message.pk
    assert "A rude remark" not in str(frame) and "friendly" not in str(frame)
