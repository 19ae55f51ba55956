"""What students are told when teachers act: groups, removal, a hidden message."""

import uuid

import pytest
from channels.db import database_sync_to_async
from django.core import mail
from django.utils import translation

from collaboration import membership, services
from collaboration.errors import ServiceError
from collaboration.models import GroupMembership, Message, StudentGroup
from notifications.models import Notification
from notifications.presentation import present

from .conftest import logged_in
from .test_consumer import send_message

db = database_sync_to_async


def notices(user=None, kind=None):
    rows = Notification.objects.all()
    if user is not None:
        rows = rows.filter(recipient=user)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return list(rows)


def test_forming_groups_tells_those_placed_or_moved_and_nobody_else(world):
    teacher = logged_in(world["teacher"])
    response = teacher.post(
        f"/en/modules/{world.module.pk}/groups/", {"action": "form", "group_size": 2}
    )
    assert response.status_code == 302
    now = dict(GroupMembership.objects.values_list("student_id", "group_id"))
    before = {
        world["a_oslo"].pk: world.group_a.group_id,
        world["a_leuven"].pk: world.group_a.group_id,
        world["b_oslo"].pk: world.group_b.group_id,
        world["b_leuven"].pk: world.group_b.group_id,
    }
    placed = {pk for pk in now if pk not in before}
    moved = {pk for pk in now if pk in before and before[pk] != now[pk]}
    assert placed == {world["ungrouped"].pk}
    assert {n.recipient_id for n in notices(kind="group_placed")} == placed
    assert {n.recipient_id for n in notices(kind="group_moved")} == moved
    # Teachers, students who stayed, and people outside the module hear nothing.
    assert {n.recipient_id for n in notices()} == placed | moved

    [told] = notices(world["ungrouped"])
    group = StudentGroup.objects.get(pk=now[world["ungrouped"].pk])
    [shown] = logged_in(world["ungrouped"]).get("/api/me/notifications/").json()["notifications"]
    assert shown["text"] == f"You are in the group “{group.label}” of “Outdoor play”."
    assert shown["url"] == group.space.get_absolute_url()
    assert shown["actor"]["name"] == world["teacher"].name


def test_moving_one_student_tells_that_student(world):
    teacher = logged_in(world["teacher"])
    url = f"/en/modules/{world.module.pk}/groups/"
    teacher.post(url, {"action": "assign", f"group_{world['a_oslo'].pk}": world.group_b.group_id})
    [moved] = notices()
    assert (moved.recipient, moved.kind) == (world["a_oslo"], "group_moved")
    assert moved.params["group"] == "Group B"
    # Taking a student out of every group is no news to send.
    teacher.post(url, {"action": "assign", f"group_{world['a_oslo'].pk}": ""})
    assert len(notices()) == 1


def test_the_demo_data_and_other_code_without_a_person_tell_nobody(world):
    membership.place_student(world.module, world["ungrouped"], world.group_a.group)
    membership.regroup(world.module, 3)
    membership.remove_student(world.module, world["b_oslo"])
    assert notices() == []


def test_removing_a_student_tells_only_them(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(world["teacher"]).post(
            f"/en/modules/{world.module.pk}/enrolment/{world['b_oslo'].pk}/remove/"
        )
    assert response.status_code == 302
    [removed] = notices()
    assert (removed.recipient, removed.kind, removed.actor) == (
        world["b_oslo"],
        "removed_from_module",
        world["teacher"],
    )
    [sent] = mail.outbox
    assert sent.to == [world["b_oslo"].email]
    assert "You were removed from “Outdoor play”." in sent.body


def hide(user, message, reason=None):
    return services.hide_message(
        user=user, space=message.space, message_id=message.pk, reason=reason
    )


def posted(world, author, space=None):
    return services.post_message(
        user=author, space=space or world.group_a, body="Off topic", client_id=uuid.uuid4()
    ).message


def test_the_author_of_a_hidden_message_is_told_with_the_reason(world):
    message = posted(world, world["a_leuven"])
    hide(world["teacher"], message, "  Please keep to   the topic. ")
    [told] = notices()
    assert (told.recipient, told.kind) == (world["a_leuven"], "message_hidden")
    shown = logged_in(world["a_leuven"]).get("/api/me/notifications/").json()
    assert shown["notifications"][0]["text"] == (
        f"{world['teacher'].name} hid your message in “{world.group_a}”. "
        "Reason: Please keep to the topic."
    )
    # Hiding one's own message, or without a reason, says only what happened.
    own = posted(world, world["teacher"], world.plaza)
    hide(world["teacher"], own)
    other = posted(world, world["a_oslo"])
    hide(world["teacher2"], other)
    [plain] = notices(world["a_oslo"])
    assert (
        "Reason"
        not in logged_in(world["a_oslo"])
        .get("/api/me/notifications/")
        .json()["notifications"][0]["text"]
    )
    assert plain.params["reason"] == ""
    assert len(notices()) == 2


@pytest.mark.parametrize(
    ("reason", "code"),
    [("x" * 501, "too_long"), ("quiet\u202eplease", "invalid"), (42, "invalid")],
)
def test_a_bad_reason_hides_nothing_and_tells_nobody(world, reason, code):
    message = posted(world, world["a_leuven"])
    with pytest.raises(ServiceError) as refused:
        hide(world["teacher"], message, reason)
    assert refused.value.code == code
    assert refused.value.field == "reason"
    assert not Message.objects.get(pk=message.pk).hidden
    assert notices() == []


def test_the_page_form_passes_the_reason(world):
    message = posted(world, world["a_leuven"])
    response = logged_in(world["teacher"]).post(
        f"/en/spaces/{world.group_a.pk}/messages/{message.pk}/hide/", {"reason": "Spam"}
    )
    assert response.status_code == 302
    [told] = notices()
    assert told.params["reason"] == "Spam"


@pytest.mark.django_db(transaction=True)
async def test_the_socket_passes_the_reason_and_refuses_a_bad_one(world, sockets):
    author = await sockets(world.group_a, world["a_leuven"])
    teacher = await sockets(world.group_a, world["teacher"])
    await send_message(author, "regrettable")
    message_id = (await author.next("ack"))["id"]
    await teacher.send({"type": "message.hide", "id": message_id, "reason": "x" * 501})
    assert (await teacher.next("error"))["code"] == "too_long"
    await teacher.send({"type": "message.hide", "id": message_id, "reason": "Rude"})
    assert (await author.next("message.hidden"))["id"] == message_id
    [told] = await db(notices)()
    assert told.params["reason"] == "Rude"
    assert told.recipient_id == world["a_leuven"].pk


def test_a_reason_written_as_html_is_shown_as_text(world):
    message = posted(world, world["a_leuven"])
    hide(world["teacher"], message, "<script>alert(1)</script> <b>rude</b>")
    page = logged_in(world["a_leuven"]).get("/en/me/notifications/").content.decode()
    assert "Reason: &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;rude&lt;/b&gt;" in page
    assert "<script>alert(1)" not in page


def test_a_space_notice_names_the_space_in_the_readers_language(world):
    """The space's word and a formed group's number are read in the reader's language."""
    numbered = StudentGroup.objects.create(module=world.module, number=7)
    membership.place_student(world.module, world["ungrouped"], numbered)
    hide(world["teacher"], posted(world, world["a_leuven"], world.plaza))
    hide(world["teacher"], posted(world, world["ungrouped"], numbered.space))
    hide(world["teacher"], posted(world, world["a_oslo"]))
    shown = {}
    for name in ("a_leuven", "ungrouped", "a_oslo"):
        with translation.override("nb"):
            [notice] = present(notices(world[name], "message_hidden"))
        shown[name] = notice
    actor = world["teacher"].name
    assert shown["a_leuven"].text == f"{actor} skjulte meldingen din i «Torget (Outdoor play)»."
    assert shown["ungrouped"].text == f"{actor} skjulte meldingen din i «Gruppe 7 (Outdoor play)»."
    # A name a teacher typed stays as typed.
    assert shown["a_oslo"].text == f"{actor} skjulte meldingen din i «Group A (Outdoor play)»."
    # The link is the space, in the reader's language.
    assert shown["a_leuven"].url == f"/nb/spaces/{world.plaza.pk}/"
