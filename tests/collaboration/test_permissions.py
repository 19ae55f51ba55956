"""Every cell of the permission table (docs/permissions.md), over WebSocket and over HTTP."""

import uuid

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from collaboration.models import Message
from collaboration.services import post_message

from .conftest import logged_in

# space -> person -> what they may do: r(ead), p(ost), h(ide); "" is nothing at all.
TABLE = {
    "plaza": {
        "teacher": "rph",
        "other_teacher": "",
        "a_oslo": "rp",
        "b_oslo": "rp",
        "ungrouped": "rp",
        "outsider": "",
        "kolkata": "",
        "coordinator": "",
        "editor": "",
        "superuser": "rh",
    },
    "group_a": {
        "teacher": "rph",
        "other_teacher": "",
        "a_oslo": "rp",
        "b_oslo": "",
        "ungrouped": "",
        "outsider": "",
        "kolkata": "",
        "coordinator": "",
        "editor": "",
        "superuser": "rh",
    },
    "teachers_room": {
        "teacher": "rph",
        "other_teacher": "",
        "a_oslo": "",
        "b_oslo": "",
        "ungrouped": "",
        "outsider": "",
        "kolkata": "",
        "coordinator": "",
        "editor": "",
        "superuser": "rh",
    },
}
CELLS = [(space, person, rights) for space, row in TABLE.items() for person, rights in row.items()]


def test_the_table_covers_every_role():
    people = {person for row in TABLE.values() for person in row}
    assert len(people) == 10 and all(len(row) == 10 for row in TABLE.values())


def seed_message(world, space_name):
    """A message by the Leuven teacher in the space, for the hide column."""
    space = getattr(world, space_name)
    return post_message(
        user=world["teacher2"], space=space, body="Welcome, everyone!", client_id=uuid.uuid4()
    ).message


@pytest.mark.django_db
@pytest.mark.parametrize(("space_name", "person", "rights"), CELLS)
def test_http(world, space_name, person, rights):
    space = getattr(world, space_name)
    message = seed_message(world, space_name)
    client = logged_in(world[person])
    api = f"/api/spaces/{space.pk}/messages/"

    response = client.get(api)
    assert response.status_code == (200 if "r" in rights else 403)
    if "r" in rights:
        assert [m["id"] for m in response.json()["messages"]] == [message.pk]
    else:
        assert response.json()["error"] == "forbidden"
        assert "Welcome" not in response.content.decode()

    page = client.get(f"/en/spaces/{space.pk}/")
    assert page.status_code == (200 if "r" in rights else 403)
    assert ("Welcome, everyone!" in page.content.decode()) == ("r" in rights)

    response = client.post(
        api, {"client_id": str(uuid.uuid4()), "body": "Hello"}, content_type="application/json"
    )
    assert response.status_code == (201 if "p" in rights else 403)
    assert Message.objects.filter(space=space, body="Hello").exists() == ("p" in rights)

    response = client.post(f"/en/spaces/{space.pk}/messages/{message.pk}/hide/")
    assert response.status_code == (302 if "h" in rights else 403)
    message.refresh_from_db()
    assert message.hidden == ("h" in rights)


@pytest.mark.django_db
@pytest.mark.parametrize("space_name", TABLE)
def test_http_anonymous(world, space_name):
    space = getattr(world, space_name)
    message = seed_message(world, space_name)
    client = Client()
    api = f"/api/spaces/{space.pk}/messages/"
    response = client.get(api)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"
    response = client.post(
        api, {"client_id": str(uuid.uuid4()), "body": "Hi"}, content_type="application/json"
    )
    assert response.status_code == 401
    page = client.get(f"/en/spaces/{space.pk}/")
    assert page.status_code == 302 and page["Location"].startswith("/en/accounts/login/")
    client.post(f"/en/spaces/{space.pk}/messages/{message.pk}/hide/")
    message.refresh_from_db()
    assert not message.hidden
    assert Message.objects.filter(space=space).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("space_name", "person", "rights"), CELLS)
async def test_websocket(world, sockets, space_name, person, rights):
    space = getattr(world, space_name)
    message = await database_sync_to_async(seed_message)(world, space_name)
    socket = await sockets(space, world[person])
    if "r" not in rights:
        assert await socket.closed_with() == 4403
        return
    presence = await socket.next("presence")
    assert world[person].pk in [user["id"] for user in presence["online"]]

    client_id = str(uuid.uuid4())
    await socket.send({"type": "message.send", "client_id": client_id, "body": "Hello"})
    if "p" in rights:
        ack = await socket.next("ack")
        assert ack["client_id"] == client_id
    else:
        error = await socket.next("error")
        assert (error["code"], error["client_id"]) == ("forbidden", client_id)

    await socket.send({"type": "message.hide", "id": message.pk})
    if "h" in rights:
        assert (await socket.next("message.hidden"))["id"] == message.pk
    else:
        assert (await socket.next("error"))["code"] == "forbidden"

    stored = await database_sync_to_async(
        lambda: (Message.objects.filter(space=space, body="Hello").exists(), message.hidden)
    )()
    assert stored[0] == ("p" in rights)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("space_name", TABLE)
async def test_websocket_anonymous(world, sockets, space_name):
    socket = await sockets(getattr(world, space_name))
    assert await socket.closed_with() == 4401
