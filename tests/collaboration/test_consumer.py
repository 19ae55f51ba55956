"""The WebSocket protocol of docs/protocol.md, through the real ASGI application."""

import asyncio
import datetime
import json
import uuid
import zoneinfo

import pytest
from autobahn.exception import Disconnected
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.test import AsyncClient, override_settings
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from coil_platform.asgi import application
from collaboration import counters, membership, services
from collaboration.models import Message, ReadMark, StudentGroup
from collaboration.services import post_message

from .conftest import Socket, session_cookie, tombstone_html

pytestmark = pytest.mark.django_db(transaction=True)


def new_id():
    return str(uuid.uuid4())


db = database_sync_to_async


async def send_message(socket, body="Hello", **fields):
    client_id = fields.pop("client_id", new_id())
    await socket.send({"type": "message.send", "client_id": client_id, "body": body, **fields})
    return client_id


# Connecting -----------------------------------------------------------------------------


async def test_close_codes(world, sockets):
    assert await (await sockets(world.plaza)).closed_with() == 4401
    assert await (await sockets(999_999, world["a_oslo"])).closed_with() == 4404
    assert await (await sockets(world.group_b, world["a_oslo"])).closed_with() == 4403
    assert await (await sockets(world.teachers_room, world["a_oslo"])).closed_with() == 4403


async def test_foreign_origin_is_refused(world, sockets):
    cookie = await db(session_cookie)(world["a_oslo"])
    socket = Socket(world.plaza.pk, cookie, origin=b"https://evil.example")
    connected, _ = await socket.communicator.connect(timeout=3)
    assert not connected
    await socket.close()


async def test_presence_lists_people_with_institution_and_local_time(world, sockets):
    first = await sockets(world.group_a, world["a_oslo"])
    await first.next("presence")
    second = await sockets(world.group_a, world["a_leuven"])
    online = (await first.next("presence"))["online"]
    assert {person["name"] for person in online} == {"Student A Oslo", "Student A Leuven"}
    leuven = next(person for person in online if person["institution"] == "UCLL")
    assert leuven["timezone"] == "Europe/Brussels" and leuven["country"] == "BE"
    # local_time is the wall clock in Brussels now, not UTC.
    brussels = timezone.now().astimezone(zoneinfo.ZoneInfo("Europe/Brussels"))
    assert leuven["local_time"] in {
        brussels.strftime("%H:%M"),
        (brussels - datetime.timedelta(minutes=1)).strftime("%H:%M"),
    }
    assert leuven["utc_offset"] == brussels.strftime("%z")[:3] + ":" + brussels.strftime("%z")[3:]
    await second.close()
    online = (await first.next("presence"))["online"]
    assert [person["name"] for person in online] == ["Student A Oslo"]


async def test_a_burst_of_arrivals_shares_presence_frames(world, sockets):
    """A class arriving together gets a few presence lists, not one per arrival."""
    watcher = await sockets(world.plaza, world["teacher"])
    await watcher.next("presence")
    names = ["teacher2", "a_oslo", "a_leuven", "b_oslo", "b_leuven", "ungrouped"]
    cookies = [await db(session_cookie)(world[name]) for name in names]
    await asyncio.gather(*(sockets(world.plaza, cookie=cookie) for cookie in cookies))
    frames = await watcher.frames_until_quiet(timeout=1.5)
    lists = [frame["online"] for frame in frames if frame.get("type") == "presence"]
    assert 1 <= len(lists) <= 3
    assert {person["id"] for person in lists[-1]} == {
        world[name].pk for name in ["teacher", *names]
    }


async def test_a_browser_gone_during_a_broadcast_still_leaves_the_space(world, sockets):
    """daphne raises when a frame goes to a socket whose browser has just left; the others
    must still see that person leave, and the space must not keep them."""

    gone = False

    async def browser_goes(scope, receive, send):
        async def send_unless_gone(message):
            if gone and message["type"] == "websocket.send":
                raise Disconnected("Attempt to send on a closed protocol")
            await send(message)

        return await application(scope, receive, send_unless_gone)

    stays = await sockets(world.plaza, world["a_oslo"])
    cookie = await db(session_cookie)(world["a_leuven"])
    leaving = Socket(world.plaza.pk, cookie, application=browser_goes)
    await leaving.open()
    while len((await stays.next("presence"))["online"]) < 2:
        pass
    gone = True
    await send_message(stays, "Are you still there?")
    await stays.next("ack")
    await leaving.close()
    online = (await stays.next("presence"))["online"]
    assert [person["name"] for person in online] == ["Student A Oslo"]


async def test_a_channel_layer_gone_under_the_reader_is_an_outage_not_a_crash(
    world, sockets, monkeypatch
):
    """Redis stopping fails the consumer's read of its channel: 4503, counted unavailable."""

    layer = get_channel_layer()
    gone = asyncio.Event()

    async def receive(channel):
        await gone.wait()
        raise RedisConnectionError("Connection closed by server.")

    monkeypatch.setattr(layer, "receive", receive)
    socket = await sockets(world.plaza, world["a_oslo"])
    before = counters.snapshot()
    gone.set()

    assert await socket.closed_with() == 4503
    after = counters.snapshot()
    assert after["unavailable"] == before["unavailable"] + 1
    assert after["consumer_crashes"] == before["consumer_crashes"]


# Sending --------------------------------------------------------------------------------


async def test_message_reaches_everyone_and_sender_gets_ack(world, sockets):
    sender = await sockets(world.group_a, world["a_oslo"])
    teacher = await sockets(world.group_a, world["teacher"])
    client_id = await send_message(sender, "Hei *alle*!", topic="Week 1")
    ack = await sender.next("ack")
    assert ack["client_id"] == client_id and isinstance(ack["id"], int)
    received = (await teacher.next("message"))["message"]
    assert received == ack["message"]
    assert received["id"] == ack["id"]
    assert received["space"] == world.group_a.pk
    assert received["topic"] == "Week 1"
    assert received["body"] == "Hei *alle*!"
    assert received["body_html"] == "<p>Hei <em>alle</em>!</p>"
    assert received["author"] == {
        "id": world["a_oslo"].pk,
        "name": "Student A Oslo",
        "institution": "OsloMet",
        "country": "NO",
        "timezone": "Europe/Oslo",
    }
    assert received["created_at"].endswith("Z") and received["edited_at"] is None
    assert (await sender.next("message"))["message"]["id"] == ack["id"]


async def test_repeated_client_id_returns_the_stored_message(world, sockets):
    sender = await sockets(world.plaza, world["a_oslo"])
    client_id = await send_message(sender, "Once")
    first = await sender.next("ack")
    await send_message(sender, "Once", client_id=client_id)
    second = await sender.next("ack")
    assert second["id"] == first["id"]
    assert await db(Message.objects.filter(client_id=client_id).count)() == 1


async def test_resending_a_message_hidden_since_does_not_bring_it_back(world, sockets):
    """A resend after a lost ack, of a message a teacher has hidden in the meantime.

    The sender's client may not know of the hide yet (it was away). It is told with a
    tombstone before the ack, under the hide's seq, so that a client applying frames by
    seq drops its copy; the ack says `hidden` and carries no message.
    """
    author = await sockets(world.group_a, world["a_oslo"])
    client_id = await send_message(author, "regrettable")
    ack = await author.next("ack")
    await author.close()
    teacher = await sockets(world.group_a, world["teacher"])
    await teacher.send({"type": "message.hide", "id": ack["id"]})
    hidden = await teacher.next("message.hidden")

    back = await sockets(world.group_a, world["a_oslo"])
    await send_message(back, "regrettable", client_id=client_id)
    frames = await back.frames_until_quiet(1)
    # Back, the author sees at once the notice of the hide that came while they were away.
    assert {"type": "notifications", "unread": 1} in frames
    frames = [f for f in frames if f["type"] not in {"presence", "head", "notifications"}]

    assert frames == [
        {
            "type": "message.hidden",
            "seq": hidden["seq"],
            "id": ack["id"],
            "html": tombstone_html(ack["id"], hidden["seq"]),
        },
        {
            "type": "ack",
            "client_id": client_id,
            "id": ack["id"],
            "seq": hidden["seq"],
            "hidden": True,
        },
    ]
    assert await db(Message.objects.filter(client_id=client_id).count)() == 1


async def test_concurrent_duplicate_relies_on_the_unique_constraint(world, monkeypatch):
    """Two requests with one client id pass the lookup at once: still one row."""
    user, client_id = world["a_oslo"], uuid.uuid4()
    first = await db(post_message)(user=user, space=world.plaza, body="x", client_id=client_id)
    original = services._stored
    calls = []

    def miss_first_lookup(*args):
        calls.append(args)
        return None if len(calls) == 1 else original(*args)

    monkeypatch.setattr(services, "_stored", miss_first_lookup)
    second = await db(post_message)(user=user, space=world.plaza, body="x", client_id=client_id)
    assert (second.created, second.message.pk) == (False, first.message.pk)
    assert await db(Message.objects.count)() == 1


async def test_sync_returns_history_after_an_id(world, sockets):
    socket = await sockets(world.plaza, world["a_oslo"])
    ids = []
    for number in range(3):
        posted = await db(post_message)(
            user=world["b_leuven"], space=world.plaza, body=f"m{number}", client_id=uuid.uuid4()
        )
        ids.append(posted.message.pk)
    await socket.send({"type": "sync", "after": ids[0]})
    history = await socket.next("history")
    assert [m["id"] for m in history["messages"]] == ids[1:]
    assert history["has_more"] is False


async def test_sync_pages_by_100(world, sockets):
    def many():
        space, author = world.plaza, world["b_leuven"]
        Message.objects.bulk_create(
            Message(space=space, author=author, body=f"{n}", body_html=f"<p>{n}</p>")
            for n in range(120)
        )

    await db(many)()
    socket = await sockets(world.plaza, world["a_oslo"])
    await socket.send({"type": "sync", "after": 0})
    history = await socket.next("history")
    assert len(history["messages"]) == 100 and history["has_more"] is True
    await socket.send({"type": "sync", "after": history["messages"][-1]["id"]})
    rest = await socket.next("history")
    assert len(rest["messages"]) == 20 and rest["has_more"] is False
    assert [m["body"] for m in history["messages"] + rest["messages"]] == [
        str(n) for n in range(120)
    ]


async def test_catch_up_after_reconnect(world, sockets):
    reader = await sockets(world.group_a, world["a_leuven"])
    writer = await sockets(world.group_a, world["a_oslo"])
    await send_message(writer, "before the break")
    last_seen = (await reader.next("message"))["message"]["id"]
    await reader.close()
    for body in ["while away 1", "while away 2"]:
        await send_message(writer, body)
        await writer.next("ack")
    again = await sockets(world.group_a, world["a_leuven"])
    await again.send({"type": "sync", "after": last_seen})
    history = await again.next("history")
    assert [m["body"] for m in history["messages"]] == ["while away 1", "while away 2"]


async def test_http_post_reaches_websocket_clients(world, sockets):
    listener = await sockets(world.plaza, world["b_leuven"])
    client = AsyncClient()
    await db(client.force_login)(world["a_oslo"])
    client_id = new_id()
    response = await client.post(
        f"/api/spaces/{world.plaza.pk}/messages/",
        {"client_id": client_id, "body": "via HTTP", "topic": "logistics"},
        content_type="application/json",
    )
    assert response.status_code == 201
    message = (await listener.next("message"))["message"]
    assert (message["client_id"], message["body"], message["topic"]) == (
        client_id,
        "via HTTP",
        "logistics",
    )
    assert message == response.json()


# Editing, hiding, reading, typing -------------------------------------------------------


async def test_author_edits_within_fifteen_minutes(world, sockets):
    author = await sockets(world.group_a, world["a_oslo"])
    other = await sockets(world.group_a, world["a_leuven"])
    await send_message(author, "Teh plan")
    message_id = (await author.next("ack"))["id"]
    await author.send({"type": "message.edit", "id": message_id, "body": "The **plan**"})
    while True:
        edited = (await other.next("message"))["message"]
        if edited["edited_at"]:
            break
    assert (edited["id"], edited["body_html"]) == (message_id, "<p>The <strong>plan</strong></p>")

    await other.send({"type": "message.edit", "id": message_id, "body": "hijacked"})
    assert (await other.next("error"))["code"] == "forbidden"

    await db(Message.objects.filter(pk=message_id).update)(
        created_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    await author.send({"type": "message.edit", "id": message_id, "body": "too late"})
    assert (await author.next("error"))["code"] == "forbidden"
    assert (await db(Message.objects.get)(pk=message_id)).body == "The **plan**"

    await author.send({"type": "message.edit", "id": 987_654, "body": "x"})
    assert (await author.next("error"))["code"] == "not_found"


async def test_teacher_hides_and_everyone_is_told(world, sockets):
    student = await sockets(world.group_a, world["a_leuven"])
    teacher = await sockets(world.group_a, world["teacher"])
    await send_message(student, "off-topic rant")
    message_id = (await student.next("ack"))["id"]
    await student.send({"type": "message.hide", "id": message_id})
    assert (await student.next("error"))["code"] == "forbidden"
    await teacher.send({"type": "message.hide", "id": message_id})
    assert (await student.next("message.hidden"))["id"] == message_id
    assert (await teacher.next("message.hidden"))["id"] == message_id
    await student.send({"type": "sync", "after": 0})
    assert (await student.next("history"))["messages"] == []
    await teacher.send({"type": "message.hide", "id": message_id})
    assert (await teacher.next("error"))["code"] == "not_found"


async def test_read_mark_moves_unread_count(world, sockets):
    for number in range(3):
        await db(post_message)(
            user=world["a_leuven"], space=world.group_a, body=f"m{number}", client_id=uuid.uuid4()
        )
    client = AsyncClient()
    await db(client.force_login)(world["a_oslo"])

    async def unread():
        spaces = (await client.get("/api/me/spaces/")).json()
        return next(space["unread"] for space in spaces if space["id"] == world.group_a.pk)

    assert await unread() == 3
    socket = await sockets(world.group_a, world["a_oslo"])
    ids = await db(lambda: list(Message.objects.order_by("pk").values_list("pk", flat=True)))()
    await socket.send({"type": "read", "up_to": ids[1]})
    await socket.send({"type": "sync", "after": ids[-1]})  # answered after the read is stored
    await socket.next("history")
    assert await unread() == 1
    await socket.send({"type": "read", "up_to": ids[0]})  # a read mark never moves back
    await socket.send({"type": "read", "up_to": 10**9})  # nor past the newest message
    await socket.send({"type": "sync", "after": ids[-1]})
    await socket.next("history")
    mark = await db(ReadMark.objects.get)(user=world["a_oslo"], space=world.group_a)
    assert mark.last_read_id == ids[-1]
    assert await unread() == 0


async def test_typing_goes_to_the_others_and_is_rate_limited(world, sockets):
    typist = await sockets(world.group_a, world["a_oslo"])
    other = await sockets(world.group_a, world["a_leuven"])
    await typist.send({"type": "typing"})
    notice = await other.next("typing")
    assert notice["user"] == {
        "id": world["a_oslo"].pk,
        "name": "Student A Oslo",
        "institution": "OsloMet",
    }
    await typist.send({"type": "typing"})
    await typist.send({"type": "typing"})
    await typist.send({"type": "sync", "after": 0})
    await typist.next("history")
    later = await other.frames_until_quiet()
    assert [frame for frame in later if frame.get("type") == "typing"] == []
    frames = await typist.frames_until_quiet()
    assert [frame for frame in frames if frame.get("type") == "typing"] == []


# Errors ---------------------------------------------------------------------------------


def send_frame(**fields):
    # A fixed client id per case keeps the test ids the same in every pytest worker.
    client_id = str(uuid.uuid5(uuid.NAMESPACE_URL, repr(sorted(fields.items()))))
    return json.dumps({"type": "message.send", "client_id": client_id, **fields})


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "invalid"),
        ("[1, 2]", "invalid"),
        ('{"no": "type"}', "invalid"),
        ('{"type": 5}', "invalid"),
        ('{"type": "launch.rocket"}', "invalid"),
        ('{"type": "message.send", "body": "no client id"}', "invalid"),
        ('{"type": "message.send", "client_id": "not-a-uuid", "body": "x"}', "invalid"),
        ('{"type": "message.send", "client_id": 12, "body": "x"}', "invalid"),
        (send_frame(body=5), "invalid"),
        (send_frame(body="   "), "invalid"),
        (send_frame(body="x", topic=3), "invalid"),
        (send_frame(body="x", topic="t" * 81), "invalid"),
        (send_frame(body="x" * 10_001), "too_long"),
        ('{"type": "sync"}', "invalid"),
        ('{"type": "sync", "after": "0"}', "invalid"),
        ('{"type": "sync", "after": -1}', "invalid"),
        ('{"type": "sync", "after": true}', "invalid"),
        ('{"type": "read", "up_to": 1.5}', "invalid"),
        ('{"type": "message.edit", "id": 1}', "invalid"),
        ('{"type": "message.hide"}', "invalid"),
        ('{"type": "message.hide", "id": 424242}', "forbidden"),
        ('{"type": "message.edit", "id": 424242, "body": "x"}', "not_found"),
    ],
)
async def test_bad_frames_get_an_error_and_the_socket_stays_open(world, sockets, raw, code):
    socket = await sockets(world.plaza, world["a_oslo"])
    await socket.send_text(raw)
    error = await socket.next("error")
    assert error["code"] == code and error["detail"]
    frame = json.loads(raw) if raw.startswith("{") else {}
    if isinstance(frame.get("client_id"), str):
        assert error["client_id"] == frame["client_id"]
    await send_message(socket, "still here")
    assert (await socket.next("ack"))["id"]
    assert await db(Message.objects.filter(space=world.plaza).count)() == 1


async def test_binary_frame_is_refused_without_closing(world, sockets):
    socket = await sockets(world.plaza, world["a_oslo"])
    await socket.communicator.send_to(bytes_data=b"\x00\x01")
    assert (await socket.next("error"))["code"] == "invalid"
    await socket.send({"type": "sync", "after": 0})
    assert (await socket.next("history"))["messages"] == []


@override_settings(COIL_MESSAGE_RATE="3/10s")
async def test_rate_limit_refuses_and_stores_nothing(world, sockets):
    socket = await sockets(world.plaza, world["a_oslo"])
    for number in range(3):
        await send_message(socket, f"m{number}")
        await socket.next("ack")
    client_id = await send_message(socket, "one too many")
    error = await socket.next("error")
    assert (error["code"], error["client_id"]) == ("rate_limited", client_id)
    assert 1 <= error["retry_after"] <= 10
    assert not await db(Message.objects.filter(body="one too many").exists)()
    # The limit is per person: someone else may still post.
    other = await sockets(world.plaza, world["b_oslo"])
    await send_message(other, "my turn")
    assert (await other.next("ack"))["id"]


# Losing access --------------------------------------------------------------------------


async def test_removed_student_is_disconnected_at_once(world, sockets):
    plaza = await sockets(world.plaza, world["a_oslo"])
    group = await sockets(world.group_a, world["a_oslo"])
    teacher = await sockets(world.group_a, world["teacher"])
    await db(membership.remove_student)(world.module, world["a_oslo"])
    assert await plaza.closed_with() == 4403
    assert await group.closed_with() == 4403
    await send_message(teacher, "still open for the teacher")
    assert (await teacher.next("ack"))["id"]


async def test_student_moved_to_another_group_leaves_the_old_space(world, sockets):
    old = await sockets(world.group_a, world["a_oslo"])
    plaza = await sockets(world.plaza, world["a_oslo"])
    group_b = await db(StudentGroup.objects.get)(name="Group B")
    await db(membership.place_student)(world.module, world["a_oslo"], group_b)
    assert await old.closed_with() == 4403
    await plaza.send({"type": "sync", "after": 0})
    assert (await plaza.next("history"))["messages"] == []
    new = await sockets(world.group_b, world["a_oslo"])
    assert (await new.next("presence"))["online"]


async def test_sign_out_closes_the_sockets_of_that_session(world, sockets):
    cookie = await db(session_cookie)(world["a_oslo"])
    other_device = await sockets(world.plaza, world["a_oslo"])
    socket = await sockets(world.plaza, cookie=cookie)
    await socket.next("presence")
    client = AsyncClient()
    client.cookies["sessionid"] = cookie
    response = await client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert await socket.closed_with() == 4401
    await other_device.send({"type": "sync", "after": 0})
    assert (await other_device.next("history"))["has_more"] is False


async def test_deactivated_user_is_disconnected(world, sockets):
    socket = await sockets(world.plaza, world["a_oslo"])
    await socket.next("presence")

    def deactivate():
        user = world["a_oslo"]
        user.is_active = False
        user.save()

    await db(deactivate)()
    assert await socket.closed_with() == 4401
    again = await sockets(world.plaza, world["a_oslo"])
    assert await again.closed_with() == 4401


async def test_teacher_removed_from_module_is_disconnected(world, sockets):
    socket = await sockets(world.teachers_room, world["teacher2"])
    await socket.next("presence")
    await db(lambda: world.module.teachers.filter(user=world["teacher2"]).delete())()
    assert await socket.closed_with() == 4403


async def test_deleted_group_closes_its_space(world, sockets):
    socket = await sockets(world.group_b, world["teacher"])
    await socket.next("presence")

    def delete_group():
        group = StudentGroup.objects.get(name="Group B")
        group.memberships.all().delete()
        membership.delete_group(group)

    await db(delete_group)()
    assert await socket.closed_with() == 4404
