"""The change sequence and what keeps sockets up to date (docs/protocol.md, "Delivery").

Through the real ASGI application and the configured channel layer (in-memory, or Redis in
the second CI pass). The faults with real processes are in tests/faults/.
"""

import threading
import uuid
from importlib import import_module

import channels.auth
import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.apps import apps
from django.core.cache import cache
from django.db import OperationalError, close_old_connections
from django.test import AsyncClient, override_settings

from collaboration import counters, events, services
from collaboration.changes import changes_after, head
from collaboration.layers import OVERFLOW, InMemoryChannelLayer, _SocketBuffer
from collaboration.models import Message, Space
from collaboration.services import edit_message, hide_message, post_message, unhide_message

from .conftest import Socket, logged_in, session_cookie, tombstone_html
from .test_consumer import new_id, send_message

pytestmark = pytest.mark.django_db(transaction=True)
db = database_sync_to_async


def post(world, author, body, space=None):
    return post_message(
        user=world[author], space=space or world.plaza, body=body, client_id=uuid.uuid4()
    ).message


# The sequence ----------------------------------------------------------------------------


def test_every_change_takes_the_next_seq(world):
    first = post(world, "a_oslo", "one")
    second = post(world, "a_leuven", "two")
    edit_message(user=world["a_oslo"], space=world.plaza, message_id=first.pk, body="one!")
    hide_message(user=world["teacher"], space=world.plaza, message_id=second.pk)
    with pytest.raises(services.ServiceError):  # hidden already: no change
        hide_message(user=world["teacher"], space=world.plaza, message_id=second.pk)
    unhide_message(user=world["teacher"], space=world.plaza, message_id=second.pk)
    other = post(world, "a_oslo", "elsewhere", space=world.group_a)

    assert head(world.plaza.pk) == 5
    assert head(world.group_a.pk) == 1 and Message.objects.get(pk=other.pk).seq == 1
    assert dict(Message.objects.filter(space=world.plaza).values_list("pk", "seq")) == {
        first.pk: 3,
        second.pk: 5,
    }


def test_a_refused_change_takes_no_seq(world):
    message = post(world, "a_oslo", "mine")
    with pytest.raises(services.ServiceError):
        edit_message(user=world["a_leuven"], space=world.plaza, message_id=message.pk, body="x")
    with pytest.raises(services.ServiceError):
        hide_message(user=world["a_leuven"], space=world.plaza, message_id=message.pk)
    with pytest.raises(services.ServiceError):
        unhide_message(user=world["teacher"], space=world.plaza, message_id=message.pk)
    repeat = post_message(
        user=world["a_oslo"], space=world.plaza, body="mine", client_id=message.client_id
    )
    assert repeat.created is False
    assert head(world.plaza.pk) == 1


def test_concurrent_posts_get_distinct_gap_free_seqs(world):
    """Twelve people post in the same moment from their own threads and connections."""
    authors = ["a_oslo", "a_leuven", "b_oslo", "b_leuven", "teacher", "teacher2"]
    start = threading.Barrier(len(authors) * 2)
    errors = []

    def run(author):
        try:
            start.wait(timeout=10)
            post(world, author, f"from {author}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(a,)) for a in authors * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    seqs = sorted(Message.objects.filter(space=world.plaza).values_list("seq", flat=True))
    assert seqs == list(range(1, 13))
    assert head(world.plaza.pk) == 12


def test_changes_after_gives_current_state_and_tombstones(world):
    kept = post(world, "a_oslo", "first draft")
    gone = post(world, "a_leuven", "to be hidden")
    post(world, "b_oslo", "plain")
    edit_message(user=world["a_oslo"], space=world.plaza, message_id=kept.pk, body="final")
    hide_message(user=world["teacher"], space=world.plaza, message_id=gone.pk)

    changes, current, has_more = changes_after(world.plaza.pk, 0)
    assert (current, has_more) == (5, False)
    assert [(c["seq"], c["kind"]) for c in changes] == [
        (3, "message"),
        (4, "message"),
        (5, "hidden"),
    ]
    assert changes[1]["message"]["body"] == "final" and changes[1]["message"]["seq"] == 4
    assert changes[2] == {
        "seq": 5,
        "kind": "hidden",
        "id": gone.pk,
        "html": tombstone_html(gone.pk, 5),
    }
    assert "body" not in changes[2]
    # A client that holds everything up to 3 gets only what changed since.
    assert [c["seq"] for c in changes_after(world.plaza.pk, 3)[0]] == [4, 5]
    assert changes_after(world.plaza.pk, 5) == ([], 5, False)


@override_settings(COIL_MESSAGE_RATE="1000/1s")
def test_changes_page_by_100(world):
    for number in range(120):
        post(world, "a_oslo", f"m{number}")
    first, current, more = changes_after(world.plaza.pk, 0)
    assert (len(first), current, more) == (100, 120, True)
    rest, _current, more = changes_after(world.plaza.pk, first[-1]["seq"])
    assert (len(rest), more) == (20, False)
    assert [c["message"]["body"] for c in first + rest] == [f"m{n}" for n in range(120)]


def test_messages_written_before_the_sequence_are_numbered_by_migration(world):
    """Migration 0002 numbers old messages in the order they were posted."""

    number_changes = import_module("collaboration.migrations.0002_change_sequence").number_changes
    Message.objects.bulk_create(
        Message(space=world.plaza, author=world["a_oslo"], body=f"{n}", body_html=f"<p>{n}</p>")
        for n in range(3)
    )
    number_changes(apps, None)
    assert list(Message.objects.filter(space=world.plaza).values_list("seq", flat=True)) == [
        1,
        2,
        3,
    ]
    assert Space.objects.get(pk=world.plaza.pk).head_seq == 3


# Over the socket --------------------------------------------------------------------------


async def channel_of(socket, space):
    """The channel name of the only socket in `space`, from its presence entry."""
    await socket.next("presence")
    (channel,) = cache.get(f"collaboration:presence:{space.pk}")
    return channel


async def test_frames_carry_seq_and_sync_after_seq_repairs(world, sockets):
    author = await sockets(world.plaza, world["a_oslo"])
    teacher = await sockets(world.plaza, world["teacher"])
    await send_message(author, "first")
    ack = await author.next("ack")
    assert ack["seq"] == 1 and ack["message"]["seq"] == 1
    assert (await author.next("message"))["seq"] == 1
    assert (await teacher.next("message"))["seq"] == 1
    await teacher.send({"type": "message.hide", "id": ack["id"]})
    hidden = await author.next("message.hidden")
    assert hidden == {
        "type": "message.hidden",
        "seq": 2,
        "id": ack["id"],
        "html": tombstone_html(ack["id"], 2),
    }
    await teacher.send({"type": "message.unhide", "id": ack["id"]})
    back = await author.next("message")
    assert (back["seq"], back["message"]["id"], back["message"]["body"]) == (3, ack["id"], "first")

    away = await sockets(world.plaza, world["a_leuven"])
    await away.send({"type": "sync", "after_seq": 1})
    history = await away.next("history")
    assert history == {
        "type": "history",
        "changes": [{"seq": 3, "kind": "message", "message": back["message"]}],
        "head": 3,
        "has_more": False,
    }
    assert await away.next("head") == {"type": "head", "seq": 3}


async def test_edits_and_hides_while_away_reach_the_client_on_sync(world, sockets):
    author = await sockets(world.group_a, world["a_oslo"])
    reader = await sockets(world.group_a, world["a_leuven"])
    await send_message(author, "draft")
    edited_id = (await author.next("ack"))["id"]
    await send_message(author, "to hide")
    hidden_id = (await author.next("ack"))["id"]
    seen = (await reader.next("message"))["seq"]
    while seen < 2:
        seen = (await reader.next("message"))["seq"]
    await reader.close()

    await author.send({"type": "message.edit", "id": edited_id, "body": "final"})
    await author.next("message")
    teacher = await sockets(world.group_a, world["teacher"])
    await teacher.send({"type": "message.hide", "id": hidden_id})
    await teacher.next("message.hidden")

    again = await sockets(world.group_a, world["a_leuven"])
    await again.send({"type": "sync", "after_seq": seen})
    history = await again.next("history")
    assert [(c["kind"], c.get("id") or c["message"]["body"]) for c in history["changes"]] == [
        ("message", "final"),
        ("hidden", hidden_id),
    ]


async def test_sync_refuses_a_bad_after_seq(world, sockets):
    socket = await sockets(world.plaza, world["a_oslo"])
    for value in [-1, "3", 1.5, True, None]:
        await socket.send({"type": "sync", "after_seq": value})
        assert (await socket.next("error"))["code"] == "invalid"


async def test_every_socket_hears_the_head_on_a_timer(world, sockets):
    with override_settings(COIL_HEAD_INTERVAL=0.2):
        socket = await sockets(world.plaza, world["a_oslo"])
        await db(post)(world, "a_leuven", "stored")
        # No broadcast is needed for the client to learn that it is behind.
        while (await socket.next("head", timeout=5))["seq"] != 1:
            pass


async def test_a_socket_whose_group_the_layer_lost_joins_it_again(world, sockets):
    with override_settings(COIL_HEAD_INTERVAL=0.2):
        socket = await sockets(world.plaza, world["a_oslo"])
        before = counters.snapshot()["groups_rejoined"]
        layer = get_channel_layer()
        # What a flushed or restarted Redis does to the socket's membership.
        channel = await channel_of(socket, world.plaza)
        await layer.group_discard(events.space_group(world.plaza.pk), channel)
        await socket.next("head", timeout=5)
        assert counters.snapshot()["groups_rejoined"] > before
        writer = await sockets(world.plaza, world["a_leuven"])
        await send_message(writer, "after the loss")
        assert (await socket.next("message"))["message"]["body"] == "after the loss"


async def test_a_full_buffer_closes_the_socket_with_4503(world, sockets):
    socket = await sockets(world.plaza, world["a_oslo"])
    before = counters.snapshot()["sockets_behind"]
    await get_channel_layer().send(await channel_of(socket, world.plaza), dict(OVERFLOW))
    assert await socket.closed_with() == events.CLOSE_UNAVAILABLE
    assert counters.snapshot()["sockets_behind"] == before + 1


async def test_the_in_memory_layer_replaces_an_overflowing_buffer_with_one_notice():
    layer = InMemoryChannelLayer(socket_buffer=3)
    channel = await layer.new_channel()
    await layer.group_add("space.1", channel)
    for number in range(10):
        await layer.group_send("space.1", {"type": "space.frame", "n": number})
    assert await layer.receive(channel) == OVERFLOW
    # What comes after the notice is delivered again; the consumer has closed by then.
    await layer.group_send("space.1", {"type": "space.frame", "n": 10})
    assert (await layer.receive(channel))["n"] == 10


async def test_the_redis_layer_buffer_replaces_overflow_with_one_notice():
    buffer = _SocketBuffer(3)
    for number in range(10):
        buffer.put_nowait({"n": number})
    assert buffer.get_nowait() == OVERFLOW


async def test_an_outage_while_posting_answers_unavailable_and_keeps_the_socket(
    world, sockets, monkeypatch
):
    socket = await sockets(world.plaza, world["a_oslo"])

    def database_down(**kwargs):
        raise OperationalError("connection to server was lost")

    monkeypatch.setattr(services, "post_message", database_down)
    client_id = await send_message(socket, "now?")
    error = await socket.next("error")
    assert (error["code"], error["client_id"], error["retry_after"]) == (
        "unavailable",
        client_id,
        5,
    )
    monkeypatch.undo()
    await send_message(socket, "now?", client_id=client_id)
    assert (await socket.next("ack"))["client_id"] == client_id


async def test_an_unexpected_error_closes_with_4503_and_cleans_up(world, sockets, monkeypatch):
    watcher = await sockets(world.plaza, world["teacher"])
    await watcher.next("presence")
    victim = await sockets(world.plaza, world["a_oslo"])
    names = {p["name"] for p in (await watcher.next("presence"))["online"]}
    assert "Student A Oslo" in names

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "mark_read", broken)
    before = counters.snapshot()["consumer_crashes"]
    await victim.send({"type": "read", "up_to": 0})
    assert await victim.closed_with() == events.CLOSE_UNAVAILABLE
    assert counters.snapshot()["consumer_crashes"] == before + 1
    online = (await watcher.next("presence"))["online"]
    assert [p["name"] for p in online] == ["Teacher Oslo"]


async def test_frames_arriving_faster_than_handled_are_answered(world, sockets):
    """The consumer reads its channel while its own frames wait: a burst is answered in order."""
    socket = await sockets(world.plaza, world["a_oslo"])
    listener = await sockets(world.plaza, world["a_leuven"])
    client_ids = [new_id() for _ in range(20)]
    for client_id in client_ids:
        await socket.send({"type": "message.send", "client_id": client_id, "body": "burst"})
    acked = [(await socket.next("ack"))["client_id"] for _ in client_ids]
    assert acked == client_ids
    seqs = [(await listener.next("message"))["seq"] for _ in client_ids]
    assert sorted(seqs) == list(range(1, 21))


# Bad input that used to end the socket -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "message.send", "client_id": "%s", "body": "\\ud800"}',
        '{"type": "message.send", "client_id": "%s", "body": "a\\u0000b"}',
        '{"type": "message.send", "client_id": "%s", "body": "x", "topic": "\\udfff"}',
        '{"type": "\\ud800", "client_id": "%s"}',
        '{"type": "message.send", "client_id": "\\ud800%s", "body": "x"}',
        "[" * 2000 + "]" * 2000 + "%s",
        '{"type": "sync", "after": 0, "x": ' + "[" * 2000 + "]" * 2000 + ', "y": "%s"}',
    ],
    ids=[
        "surrogate body",
        "nul body",
        "surrogate topic",
        "surrogate type",
        "surrogate id",
        "deep array",
        "deep field",
    ],
)
async def test_bad_text_is_invalid_and_the_socket_stays(world, sockets, text):
    socket = await sockets(world.plaza, world["a_oslo"])
    await socket.send_text(text.replace("%s", new_id()))
    assert (await socket.next("error"))["code"] == "invalid"
    await send_message(socket, "still here")
    assert (await socket.next("ack"))["message"]["body"] == "still here"
    assert await db(Message.objects.count)() == 1


# Over HTTP ---------------------------------------------------------------------------------


async def test_api_answers_changes_after_seq(world):
    first = await db(post)(world, "a_oslo", "one")
    await db(post)(world, "a_leuven", "two")
    await db(hide_message)(user=world["teacher"], space=world.plaza, message_id=first.pk)
    client = AsyncClient()
    await db(client.force_login)(world["b_oslo"])
    response = await client.get(f"/api/spaces/{world.plaza.pk}/messages/?after_seq=1")
    assert response.status_code == 200
    data = response.json()
    assert (data["head"], data["has_more"]) == (3, False)
    assert [(c["seq"], c["kind"]) for c in data["changes"]] == [(2, "message"), (3, "hidden")]
    bad = await client.get(f"/api/spaces/{world.plaza.pk}/messages/?after_seq=x")
    assert (bad.status_code, bad.json()["error"]) == (400, "invalid")
    outsider = AsyncClient()
    await db(outsider.force_login)(world["kolkata"])
    refused = await outsider.get(f"/api/spaces/{world.plaza.pk}/messages/?after_seq=0")
    assert refused.status_code == 403


async def test_api_answers_an_outage_with_json_503(world, monkeypatch):
    client = AsyncClient()
    await db(client.force_login)(world["a_oslo"])

    def database_down(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "post_message", database_down)
    response = await client.post(
        f"/api/spaces/{world.plaza.pk}/messages/",
        {"client_id": new_id(), "body": "hello"},
        content_type="application/json",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"] == "unavailable"
    assert await db(Message.objects.count)() == 0


@pytest.mark.parametrize(
    "raw",
    [
        b'{"client_id": "%s", "body": "\\ud800"}',
        b'{"client_id": "%s", "body": "nul \\u0000"}',
        b'{"client_id": "%s", "body": "x", "topic": "\\ud800"}',
        b'{"client_id": "%s", "body": ' + b"[" * 2000 + b"]" * 2000 + b"}",
    ],
    ids=["surrogate", "nul", "surrogate topic", "deep"],
)
async def test_api_refuses_text_no_database_can_store(world, raw):
    client = AsyncClient()
    await db(client.force_login)(world["a_oslo"])
    response = await client.post(
        f"/api/spaces/{world.plaza.pk}/messages/",
        raw.replace(b"%s", new_id().encode()),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "invalid"
    assert await db(Message.objects.count)() == 0


async def test_counters_are_served_for_the_operator(world):
    response = await AsyncClient().get("/healthz/counters")
    assert response.status_code == 200
    assert set(response.json()) == set(counters.KINDS)


def test_a_topic_filter_no_database_can_store_is_a_clear_400(world):
    client = logged_in(world["a_oslo"])
    for topic in ["a\x00b", "\x07bell"]:
        page = client.get(f"/en/spaces/{world.plaza.pk}/", {"topic": topic})
        assert page.status_code == 400
        api = client.get(f"/api/spaces/{world.plaza.pk}/messages/", {"topic": topic})
        assert (api.status_code, api.json()["error"]) == (400, "invalid")


@pytest.mark.parametrize(
    "fields",
    [
        {"body": "\u200b"},
        {"body": "\u200d\ufeff \u2060"},
        {"body": "ok", "topic": "\u202eexe.png"},
        {"body": "ok", "topic": "week\u200b1"},
        {"body": "ok", "topic": "bell\x07"},
    ],
    ids=["zero-width body", "invisible body", "override topic", "zero-width topic", "bel topic"],
)
async def test_invisible_bodies_and_disguised_topics_are_refused(world, sockets, fields):
    socket = await sockets(world.plaza, world["a_oslo"])
    await socket.send({"type": "message.send", "client_id": new_id(), **fields})
    assert (await socket.next("error"))["code"] == "invalid"
    client = AsyncClient()
    await db(client.force_login)(world["a_oslo"])
    response = await client.post(
        f"/api/spaces/{world.plaza.pk}/messages/",
        {"client_id": new_id(), **fields},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["error"]) == (400, "invalid")
    assert await db(Message.objects.count)() == 0


async def test_a_handshake_whose_session_cannot_be_read_closes_with_4503(world, monkeypatch):
    """The database is down before the consumer runs: the client is told to come back."""

    async def database_down(scope):
        raise OperationalError("could not connect to server")

    cookie = await db(session_cookie)(world["a_oslo"])
    monkeypatch.setattr(channels.auth, "get_user", database_down)
    socket = Socket(world.plaza.pk, cookie)
    connected, _ = await socket.communicator.connect(timeout=3)
    assert connected
    assert await socket.closed_with() == events.CLOSE_UNAVAILABLE
    await socket.close()
