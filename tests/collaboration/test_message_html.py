"""One template draws a message: the page shows it, and frames, sync answers and the API carry
it in `html`, drawn alike for every reader (docs/protocol.md)."""

import json
import re
import uuid
import zoneinfo

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone, translation

from collaboration import services
from collaboration.changes import changes_after
from collaboration.serialisation import serialise_message

from .conftest import logged_in, tombstone_html
from .test_consumer import send_message

pytestmark = pytest.mark.django_db(transaction=True)

db = database_sync_to_async


def page_html(user, space, language="en"):
    return logged_in(user).get(f"/{language}/spaces/{space.pk}/").content.decode()


def reader_in_utc(user):
    user.timezone, user.language = "UTC", "en"
    user.save()
    return user


async def test_frames_carry_the_html_that_the_page_shows(world, sockets):
    teacher = await db(reader_in_utc)(world["teacher"])
    author = await sockets(world.group_a, world["a_oslo"])
    reader = await sockets(world.group_a, teacher)
    await send_message(author, "Hei *alle*", topic="week 1")
    posted = (await reader.next("message"))["message"]
    await author.send({"type": "message.edit", "id": posted["id"], "body": "Hei **alle**"})
    edited = (await reader.next("message"))["message"]

    html = await db(page_html)(teacher, world.group_a)
    assert edited["html"] in html
    assert edited["html"] != posted["html"]
    for part in [
        '<span class="message-author" id="m-{id}-author">Student A Oslo</span>',
        '<span class="meta message-institution">OsloMet</span>',
        '<a class="tag message-topic" href="?topic=week%201">week 1</a>',
        '<div class="message-body"><p>Hei <strong>alle</strong></p></div>',
        'class="meta message-edited"',
    ]:
        assert part.format(id=posted["id"]) in edited["html"]
    # The sync answer and the API carry the same drawing.
    changes = await db(changes_after)(world.group_a.pk, 0)
    assert changes[0][-1]["message"]["html"] == edited["html"]
    api = await db(lambda: logged_in(teacher).get(f"/api/spaces/{world.group_a.pk}/messages/"))()
    assert api.json()["messages"][-1]["html"] == edited["html"]


def test_the_html_of_a_frame_is_the_same_for_every_reader(world):
    posted = services.post_message(
        user=world["a_oslo"], space=world.plaza, body="*Hei*", client_id=uuid.uuid4()
    )
    services.edit_message(
        user=world["a_oslo"], space=world.plaza, message_id=posted.message.pk, body="*Hei!*"
    )
    message = services.list_messages(world.plaza)[0][-1]
    neutral = serialise_message(message)["html"]
    # Whatever language and zone the thread that serialises has active (the sender's).
    with translation.override("nb"), timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        assert serialise_message(message)["html"] == neutral
    assert "redigert" not in neutral and "+05:30" not in neutral
    created = re.search(r'<time datetime="([^"]+)"', neutral).group(1)
    assert created.endswith("+00:00")
    # No control of any reader: those come from the page and the live client.
    assert "<form" not in neutral and "<button" not in neutral


def test_a_readers_page_draws_the_same_message_in_the_readers_zone_and_language(world):
    message_id = services.post_message(
        user=world["b_leuven"], space=world.plaza, body="x", client_id=uuid.uuid4()
    ).message.pk
    services.edit_message(
        user=world["b_leuven"], space=world.plaza, message_id=message_id, body="y"
    )
    teacher = world["teacher"]
    teacher.timezone = "Asia/Kolkata"
    teacher.save()
    html = page_html(teacher, world.plaza, language="nb")
    article = re.search(rf'<article class="message" id="m-{message_id}".*?</article>', html, re.S)
    assert "+05:30" in article.group(0) and "(redigert)" in article.group(0)
    # The hide form of a teacher is beside the message, not in the drawing frames carry.
    assert (
        f'<form method="post" action="/nb/spaces/{world.plaza.pk}/messages/{message_id}/hide/"'
        in (html[article.end() : article.end() + 200])
    )


def test_a_hidden_message_leaves_its_tombstone_and_nothing_else(world):
    posted = services.post_message(
        user=world["a_oslo"],
        space=world.plaza,
        body="Something regrettable",
        client_id=uuid.uuid4(),
    )
    services.hide_message(user=world["teacher"], space=world.plaza, message_id=posted.message.pk)
    (change,) = changes_after(world.plaza.pk, 0)[0]
    # The frame of the hide carries the same (tests/collaboration/test_delivery.py).
    assert change["html"] == tombstone_html(posted.message.pk, change["seq"])
    assert "regrettable" not in change["html"] and "Student A Oslo" not in change["html"]


def test_the_page_hands_the_client_the_limits_the_server_enforces(world):
    html = page_html(world["a_oslo"], world.plaza)
    script = re.search(
        r'<script id="discussion-protocol" type="application/json">(.*?)</script>', html, re.S
    )
    protocol = json.loads(script.group(1))
    limit = protocol["body_max_length"]
    # Counted in characters (code points): an emoji is one, as the server counts it.
    fits = "😀" * limit
    services.post_message(
        user=world["a_oslo"], space=world.plaza, body=fits, client_id=uuid.uuid4()
    )
    with pytest.raises(services.ServiceError) as refused:
        services.post_message(
            user=world["a_oslo"],
            space=world.plaza,
            body=fits + "x",
            client_id=uuid.uuid4(),
        )
    assert refused.value.code == "too_long"
    with pytest.raises(services.ServiceError):
        services.clean_topic("t" * (protocol["topic_max_length"] + 1))
    assert services.clean_topic("t" * protocol["topic_max_length"])
    assert services.clean_topic(None) == protocol["default_topic"]
    assert services.EDIT_WINDOW.total_seconds() == protocol["edit_window_seconds"]
    assert protocol["close_codes"] == {"not_signed_in": 4401, "forbidden": 4403, "not_found": 4404}
