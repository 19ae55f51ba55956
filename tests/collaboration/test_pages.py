"""The pages: discussion without JavaScript, joining, enrolment and group management."""

import re
import uuid

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings

from accounts.models import User
from collaboration.models import Enrolment, GroupMembership, Message, StudentGroup
from collaboration.services import post_message
from modules.models import EnrolmentState

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def page_of(space):
    return f"/en/spaces/{space.pk}/"


def fill(world, space, count, author="b_leuven", **extra):
    return [
        post_message(
            user=world[author], space=space, body=f"note {n}", client_id=uuid.uuid4(), **extra
        ).message.pk
        for n in range(count)
    ]


# Discussion page -------------------------------------------------------------------------


def test_page_has_the_hooks_of_the_live_client(world):
    ids = fill(world, world.plaza, 2)
    html = logged_in(world["a_oslo"]).get(page_of(world.plaza)).content.decode()
    root = re.search(r'<div id="discussion"[^>]*>', html, re.S).group(0)
    for attribute in [
        f'data-space-id="{world.plaza.pk}"',
        f'data-ws-url="/ws/spaces/{world.plaza.pk}/"',
        f'data-user-id="{world["a_oslo"].pk}"',
        'data-last-read="0"',
        'data-can-hide="false"',
    ]:
        assert attribute in root
    assert '<ol id="messages"' in html
    assert 'id="message-form"' in html and 'id="presence"' in html
    assert re.search(r'id="live-status"[^>]*aria-live="polite"', html)
    message = Message.objects.get(pk=ids[0])
    assert re.search(
        rf'<article class="message[^"]*" id="m-{ids[0]}" data-id="{ids[0]}" '
        rf'data-client-id="{message.client_id}" data-author-id="{world["b_leuven"].pk}"',
        html,
    )
    client_id = re.search(r'name="client_id" value="([^"]+)"', html).group(1)
    uuid.UUID(client_id)


def test_viewing_the_latest_page_marks_it_read(world):
    ids = fill(world, world.plaza, 3)
    client = logged_in(world["a_oslo"])
    assert 'data-last-read="0"' in client.get(page_of(world.plaza)).content.decode()
    assert f'data-last-read="{ids[-1]}"' in client.get(page_of(world.plaza)).content.decode()


def test_post_through_the_form_and_double_submit(world):
    client = logged_in(world["a_oslo"])
    client_id = str(uuid.uuid4())
    form = {"body": "Hello *from* the form", "topic": "intro", "client_id": client_id}
    response = client.post(page_of(world.plaza), form)
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page_of(world.plaza)}#m-{message.pk}"
    assert client.post(page_of(world.plaza), form).status_code == 302
    assert Message.objects.count() == 1
    html = client.get(page_of(world.plaza)).content.decode()
    assert "Hello <em>from</em> the form" in html
    assert (message.topic, message.author, message.body) == (
        "intro",
        world["a_oslo"],
        "Hello *from* the form",
    )


def test_form_errors_keep_the_text_and_store_nothing(world):
    client = logged_in(world["a_oslo"])
    response = client.post(page_of(world.plaza), {"body": "", "client_id": str(uuid.uuid4())})
    assert response.status_code == 400
    response = client.post(
        page_of(world.plaza),
        {"body": "kept", "topic": "t" * 81, "client_id": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    assert ">kept</textarea>" in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_a_refused_topic_is_shown_at_the_topic_in_every_language(world, language):
    user = world["a_oslo"]
    user.language = language
    user.save()
    response = logged_in(user).post(
        page_of(world.plaza),
        {"body": "kept", "topic": "week\u202e2", "client_id": str(uuid.uuid4())},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'<input type="text" name="topic"[^>]*aria-invalid="true"', html)
    assert not re.search(r'<textarea name="body"[^>]*aria-invalid="true"', html)
    assert "U+202E" in html
    assert not Message.objects.exists()


def test_written_script_is_shown_as_text(world):
    fill(world, world.plaza, 0)
    post_message(
        user=world["b_leuven"],
        space=world.plaza,
        body="<script>alert('x')</script> [x](javascript:alert(1))",
        topic='"><img src=x onerror=alert(1)>',
        client_id=uuid.uuid4(),
    )
    html = logged_in(world["a_oslo"]).get(page_of(world.plaza)).content.decode()
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript' not in html


@override_settings(COIL_MESSAGE_RATE="100/10s")
def test_pagination_and_topics(world):
    ids = fill(world, world.plaza, 35)
    fill(world, world.plaza, 2, author="a_leuven", topic="week 2")
    client = logged_in(world["a_oslo"])
    html = client.get(page_of(world.plaza)).content.decode()
    assert f'id="m-{ids[-1]}"' in html and f'id="m-{ids[6]}"' not in html
    older_link = re.search(r'href="\?before=(\d+)"', html)
    assert older_link
    older = client.get(page_of(world.plaza), {"before": older_link.group(1)}).content.decode()
    assert f'id="m-{ids[0]}"' in older and f'id="m-{ids[-1]}"' not in older
    assert "?after=" in older  # and a way back to newer messages
    topic = client.get(page_of(world.plaza), {"topic": "week 2"}).content.decode()
    assert topic.count('<article class="message') == 2


def test_teacher_hides_without_javascript(world):
    (message_id,) = fill(world, world.plaza, 1)
    teacher = logged_in(world["teacher"])
    html = teacher.get(page_of(world.plaza)).content.decode()
    assert 'data-can-hide="true"' in html
    assert f"/en/spaces/{world.plaza.pk}/messages/{message_id}/hide/" in html
    student_html = logged_in(world["a_oslo"]).get(page_of(world.plaza)).content.decode()
    assert "/hide/" not in student_html
    response = teacher.post(f"/en/spaces/{world.plaza.pk}/messages/{message_id}/hide/")
    assert response.status_code == 302
    message = Message.objects.get(pk=message_id)
    assert message.hidden and message.hidden_by == world["teacher"]
    assert f'id="m-{message_id}"' not in teacher.get(page_of(world.plaza)).content.decode()


def test_times_are_in_the_viewers_time_zone(world):
    (message_id,) = fill(world, world.plaza, 1)
    message = Message.objects.get(pk=message_id)
    kolkata_viewer = world["teacher"]
    kolkata_viewer.timezone = "Asia/Kolkata"
    kolkata_viewer.save()
    html = logged_in(kolkata_viewer).get(page_of(world.plaza)).content.decode()
    assert "+05:30" in re.search(rf'id="m-{message_id}".*?datetime="([^"]+)"', html, re.S).group(1)
    assert message.created_at.tzinfo is not None


def test_superuser_reads_but_has_no_form(world):
    html = logged_in(world["superuser"]).get(page_of(world.group_a)).content.decode()
    assert 'id="message-form"' not in html and 'data-can-hide="true"' in html
    response = logged_in(world["superuser"]).post(
        page_of(world.group_a), {"body": "x", "client_id": str(uuid.uuid4())}
    )
    assert response.status_code == 403


# Joining ----------------------------------------------------------------------------------


def join_url(world):
    return f"/en/modules/join/{world.module.invitation_code}/"


def test_student_of_a_partner_joins_with_the_link(world):
    client = logged_in(world["outsider"])
    html = client.get(join_url(world)).content.decode()
    assert "Join this module" in html
    response = client.post(join_url(world))
    assert response.status_code == 302 and response["Location"] == page_of(world.plaza)
    assert Enrolment.objects.filter(module=world.module, student=world["outsider"]).exists()
    assert client.get(page_of(world.plaza)).status_code == 200


def test_join_with_the_code_form(world):
    client = logged_in(world["outsider"])
    response = client.post("/en/modules/join/", {"code": world.module.invitation_code})
    assert response.status_code == 302
    assert Enrolment.objects.filter(student=world["outsider"]).exists()
    wrong = client.post("/en/modules/join/", {"code": "not-a-code"})
    assert wrong.status_code == 404
    assert "No module has this invitation code" in wrong.content.decode()


def test_refusals_are_clear(world):
    client = logged_in(world["kolkata"])
    response = client.get(join_url(world))
    assert response.status_code == 403
    assert "students of other institutions cannot join" in response.content.decode()
    client.post(join_url(world))
    assert not Enrolment.objects.filter(student=world["kolkata"]).exists()

    assert Client().get("/en/modules/join/wrong-code/").status_code == 404
    teacher = logged_in(world["other_teacher"])
    assert "Only students join" in teacher.get(join_url(world)).content.decode()

    for state, text in [
        (EnrolmentState.CLOSED, "not open for enrolment yet"),
        (EnrolmentState.COMPLETED, "has ended"),
    ]:
        world.module.enrolment_state = state
        world.module.save()
        response = logged_in(world["outsider"]).get(join_url(world))
        assert text in response.content.decode()
        logged_in(world["outsider"]).post(join_url(world))
        assert not Enrolment.objects.filter(student=world["outsider"]).exists()


def test_new_student_signs_up_from_the_invitation(world):
    client = Client()
    html = client.get(join_url(world)).content.decode()
    assert f"{join_url(world)}signup/" in html
    form = client.get(f"{join_url(world)}signup/").content.decode()
    assert "OsloMet" in form and "UC Leuven-Limburg" in form and "Nordic Centre" not in form
    leuven = world["a_leuven"].institution
    response = client.post(
        f"{join_url(world)}signup/",
        {
            "display_name": "Noor Vermeulen",
            "username": "noor.v",
            "email": "noor@example.org",
            "institution": leuven.pk,
            "password1": "a-long-Passphrase-2026",
            "password2": "a-long-Passphrase-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == page_of(world.plaza)
    user = User.objects.get(username="noor.v")
    assert (user.institution, user.timezone) == (leuven, "Europe/Brussels")
    assert user.groups.filter(name="Students").exists()
    assert Enrolment.objects.filter(module=world.module, student=user).exists()
    assert client.get(page_of(world.plaza)).status_code == 200  # signed in


def test_signup_cannot_pick_another_institution(world):
    response = Client().post(
        f"{join_url(world)}signup/",
        {
            "display_name": "Mallory",
            "username": "mallory",
            "email": "m@example.org",
            "institution": world["kolkata"].institution.pk,
            "password1": "a-long-Passphrase-2026",
            "password2": "a-long-Passphrase-2026",
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="mallory").exists()


# Teachers' pages -------------------------------------------------------------------------


def test_teacher_sees_and_removes_students(world):
    client = logged_in(world["teacher"])
    url = f"/en/modules/{world.module.pk}/enrolment/"
    html = client.get(url).content.decode()
    for name in ["Student A Oslo", "Student B Leuven", "Student Ungrouped"]:
        assert name in html
    assert world.module.invitation_code in html
    remove = f"/en/modules/{world.module.pk}/enrolment/{world['a_oslo'].pk}/remove/"
    assert remove in html
    response = client.post(remove)
    assert response.status_code == 302
    assert not Enrolment.objects.filter(student=world["a_oslo"]).exists()
    assert not GroupMembership.objects.filter(student=world["a_oslo"]).exists()
    assert logged_in(world["a_oslo"]).get(page_of(world.group_a)).status_code == 403


@pytest.mark.parametrize("person", ["a_oslo", "other_teacher", "coordinator", "editor"])
def test_only_the_modules_teachers_manage(world, person):
    client = logged_in(world[person])
    for url in [
        f"/en/modules/{world.module.pk}/enrolment/",
        f"/en/modules/{world.module.pk}/groups/",
    ]:
        assert client.get(url).status_code == 403
    client.post(f"/en/modules/{world.module.pk}/enrolment/{world['b_oslo'].pk}/remove/")
    assert Enrolment.objects.filter(student=world["b_oslo"]).exists()


def test_teacher_forms_groups_then_moves_a_student(world):
    client = logged_in(world["teacher"])
    url = f"/en/modules/{world.module.pk}/groups/"
    response = client.post(url, {"action": "form", "group_size": 3})
    assert response.status_code == 302
    groups = list(StudentGroup.objects.filter(module=world.module).order_by("pk"))
    sizes = sorted(group.memberships.count() for group in groups)
    assert sizes == [2, 3]
    for group in groups:
        institutions = {m.student.institution_id for m in group.memberships.all()}
        assert len(institutions) == 2
    # Existing groups are kept, with their spaces.
    assert [group.name for group in groups] == ["Group A", "Group B"]

    target = groups[1] if world["a_oslo"].group_memberships.get().group == groups[0] else groups[0]
    client.post(url, {"action": "assign", f"group_{world['a_oslo'].pk}": target.pk})
    assert world["a_oslo"].group_memberships.get().group == target
    assert GroupMembership.objects.filter(student=world["a_oslo"]).count() == 1
    client.post(url, {"action": "assign", f"group_{world['a_oslo'].pk}": ""})
    assert not GroupMembership.objects.filter(student=world["a_oslo"]).exists()


def test_groups_can_be_added_and_empty_ones_deleted(world):
    client = logged_in(world["teacher"])
    url = f"/en/modules/{world.module.pk}/groups/"
    client.post(url, {"action": "add"})
    # The third group is numbered, not named: each reader sees "Group 3" in their language.
    new = StudentGroup.objects.get(module=world.module, number=3)
    assert (new.name, new.label, new.space.kind) == ("", "Group 3", "group")
    client.post(url, {"action": "delete", "group": new.pk})
    assert not StudentGroup.objects.filter(pk=new.pk).exists()
    full = StudentGroup.objects.get(name="Group A")
    client.post(url, {"action": "delete", "group": full.pk})
    assert StudentGroup.objects.filter(pk=full.pk).exists()


def test_group_page_shows_local_times_and_golden_hours(world):
    group = StudentGroup.objects.get(name="Group A")
    html = logged_in(world["a_oslo"]).get(f"/en/groups/{group.pk}/").content.decode()
    assert "Student A Oslo" in html and "Student A Leuven" in html
    assert "Europe/Brussels" in html
    assert "Golden hours" in html
    assert re.search(r'class="golden-hours".*?<time datetime=', html, re.S)
    assert logged_in(world["b_oslo"]).get(f"/en/groups/{group.pk}/").status_code == 403
    assert logged_in(world["kolkata"]).get(f"/en/groups/{group.pk}/").status_code == 403


# The module page include -----------------------------------------------------------------


def render_actions(world, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "modules/includes/module_actions.html" %}')
    return template.render(Context({"page": world.module, "request": request}))


def test_module_actions_for_each_person(world):
    student = render_actions(world, world["a_oslo"])
    assert page_of(world.plaza) in student and page_of(world.group_a) in student
    assert page_of(world.group_b) not in student and page_of(world.teachers_room) not in student
    teacher = render_actions(world, world["teacher"])
    assert page_of(world.teachers_room) in teacher
    assert f"/en/modules/{world.module.pk}/groups/" in teacher
    outsider = render_actions(world, world["outsider"])
    assert 'name="code"' in outsider and "/spaces/" not in outsider
    kolkata = render_actions(world, world["kolkata"])
    assert "students of other institutions cannot join" in kolkata
    assert 'name="code"' not in kolkata and "/spaces/" not in kolkata
    world.module.enrolment_state = EnrolmentState.CLOSED
    assert 'name="code"' not in render_actions(world, world["outsider"])


def test_module_actions_cost_a_constant_number_of_queries(world, django_assert_num_queries):
    for user in ["a_oslo", "teacher", "outsider"]:
        world[user].groups.all()  # noqa: B018 - nothing cached on the user object
    with django_assert_num_queries(5) as few:
        render_actions(world, world["a_oslo"])
    for number in range(6):
        group = StudentGroup.objects.create(module=world.module, name=f"Extra {number}")
        GroupMembership.objects.filter(student=world["a_oslo"]).update(group=group)
    with django_assert_num_queries(len(few.captured_queries)):
        render_actions(world, world["a_oslo"])
