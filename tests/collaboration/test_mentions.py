"""@mentions: how they are drawn and who is told of them."""

import uuid

import pytest

from accounts.models import User
from collaboration import services
from collaboration.rendering import render_markdown
from notifications.models import Notification


def post(world, author, space, body):
    return services.post_message(
        user=world[author], space=space, body=body, client_id=uuid.uuid4()
    ).message


def told(world, send):
    """The names (keys of `world`) of the people a mention notification reached."""
    send()
    names = {user.pk: name for name, user in world.users.items()}
    rows = Notification.objects.filter(kind="mentioned")
    return sorted(names[row.recipient_id] for row in rows)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(send):
        with django_capture_on_commit_callbacks(execute=True):
            return send()

    return run


# Drawing ---------------------------------------------------------------------------------


def test_a_mention_of_a_person_of_the_space_is_highlighted_with_their_name(world):
    message = post(world, "a_oslo", world.group_a, "Thanks @student.a.leuven.")
    person = world["a_leuven"]
    assert message.body_html == (
        f'<p>Thanks <span class="mention" data-user-id="{person.pk}">@{person.name}</span>.</p>'
    )


def test_mentions_in_code_links_and_addresses_and_unknown_names_stay_text(world):
    body = (
        "`@student.a.leuven` and\n\n```\n@student.a.leuven\n```\n"
        "[@student.a.leuven](https://example.org) mail student.a.oslo@student.a.leuven "
        "@nobody.here"
    )
    message = post(world, "a_oslo", world.group_a, body)
    assert "mention" not in message.body_html
    assert "@nobody.here" in message.body_html


def test_a_person_who_may_not_read_the_space_is_not_highlighted(world):
    # student.b.oslo is in the other group; the outsider is not in the module at all.
    message = post(world, "a_oslo", world.group_a, "@student.b.oslo @student.oslo.outsider @admin")
    assert "mention" not in message.body_html


def test_names_and_crafted_mentions_cannot_inject_html(world):
    User.objects.filter(pk=world["a_leuven"].pk).update(
        display_name='<img src=x onerror="alert(1)">'
    )
    message = post(world, "a_oslo", world.group_a, "@student.a.leuven @<script>alert(1)</script>")
    assert "<img" not in message.body_html
    assert "<script" not in message.body_html
    assert "&lt;img src=x onerror=" in message.body_html


@pytest.mark.parametrize(
    "html",
    [
        '<span class="mention" data-user-id="1 onmouseover=x">@x</span>',
        '<span class="mention evil" data-user-id="1" style="color:red" onclick="x">@x</span>',
    ],
)
def test_the_sanitiser_keeps_only_the_mentions_own_attributes(html):
    from collaboration.sanitise import clean_html  # noqa: PLC0415

    cleaned = clean_html(html)
    assert "onmouseover" not in cleaned
    assert "onclick" not in cleaned
    assert "style" not in cleaned
    assert "evil" not in cleaned


def test_without_known_mentions_the_body_renders_as_before():
    assert render_markdown("hi @someone") == "<p>hi @someone</p>"


# Telling ---------------------------------------------------------------------------------


def test_posting_tells_each_mentioned_reader_once_and_never_the_author(world, committed):
    body = "@student.a.leuven @STUDENT.A.LEUVEN @teacher.oslo @student.a.oslo @student.b.oslo"
    assert told(world, lambda: committed(lambda: post(world, "a_oslo", world.group_a, body))) == [
        "a_leuven",
        "teacher",
    ]
    notification = Notification.objects.get(recipient=world["a_leuven"])
    assert notification.actor == world["a_oslo"]
    assert notification.target_url.startswith(f"/en/spaces/{world.group_a.pk}/#m-")


def test_nothing_is_told_before_the_transaction_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        post(world, "a_oslo", world.group_a, "@student.a.leuven")
    assert not Notification.objects.exists()


def test_all_and_group_from_a_teacher_tell_the_space_or_the_group(world, committed):
    assert told(
        world, lambda: committed(lambda: post(world, "teacher", world.plaza, "@all read this"))
    ) == sorted(["teacher2", "a_oslo", "a_leuven", "b_oslo", "b_leuven", "ungrouped"])
    Notification.objects.all().delete()
    message = committed(lambda: post(world, "teacher", world.group_a, "@group hello"))
    assert '<span class="mention">@group</span>' in message.body_html
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "student.a.leuven",
        "student.a.oslo",
    ]


def test_all_and_group_from_a_student_are_text_and_tell_nobody(world, committed):
    message = committed(lambda: post(world, "a_oslo", world.group_a, "@all @group look"))
    assert "mention" not in message.body_html
    assert not Notification.objects.exists()


def test_editing_tells_only_the_people_mentioned_anew(world, committed):
    message = committed(lambda: post(world, "a_oslo", world.group_a, "@student.a.leuven hi"))
    Notification.objects.all().delete()
    committed(
        lambda: services.edit_message(
            user=world["a_oslo"],
            space=world.group_a,
            message_id=message.pk,
            body="@student.a.leuven hi @teacher.oslo and @teacher.leuven",
        )
    )
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "teacher.leuven",
        "teacher.oslo",
    ]
