"""A completed module becomes a draft example; it goes live only when all its teachers agree."""

import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import WorkflowState

from accounts.roles import EDITORS, STUDENTS, TEACHERS
from collaboration.membership import enrol, place_student
from collaboration.models import Space, SpaceKind, StudentGroup
from collaboration.services import post_message
from modules.models import CourseModulePage, EnrolmentState, Mode
from practices.models import ExampleConsent, GoodPracticePage
from tests.factories import (
    CourseModulePageFactory,
    ModuleIndexPageFactory,
    ModuleTeacherFactory,
    UserFactory,
    demo_institutions,
)

from .admin_forms import edit_url, example_form

pytestmark = pytest.mark.django_db

STUDENT_NAMES = ["Sofie Berg", "Jonas Lie", "Lotte Peeters", "Milan De Smet"]
MESSAGES = [
    "My grandmother never let us play outside in the rain.",
    "Our group forgot the deadline, sorry!",
]


@pytest.fixture
def people(db):
    demo = demo_institutions("OsloMet", "UCLL")
    oslo, leuven = demo["OsloMet"], demo["UCLL"]
    teacher = {"roles": [TEACHERS]}
    students = [
        UserFactory(
            username=f"student{number}",
            display_name=name,
            roles=[STUDENTS],
            institution=(oslo, leuven)[number % 2],
        )
        for number, name in enumerate(STUDENT_NAMES)
    ]
    return {
        "oslo": oslo,
        "leuven": leuven,
        "ingrid": UserFactory(
            username="teacher.oslo", display_name="Ingrid Hansen", institution=oslo, **teacher
        ),
        "pieter": UserFactory(
            username="teacher.leuven", display_name="Pieter Janssens", institution=leuven, **teacher
        ),
        "outsider": UserFactory(username="teacher.other", institution=oslo, **teacher),
        "editor": UserFactory(username="eva.editor", roles=[EDITORS]),
        "students": students,
    }


@pytest.fixture
def module(home_pages, practice_index, people):
    """A module that ran with students, groups and messages, and has now ended."""
    module_index = ModuleIndexPageFactory(parent=home_pages["en"])
    module = CourseModulePageFactory(
        parent=module_index,
        title="Outdoor play across cultures",
        summary="Student teachers compare outdoor play in Norwegian and Flemish kindergartens.",
        mode=Mode.BIP,
        enrolment_state=EnrolmentState.RUNNING,
    )
    module.partners.set([people["oslo"], people["leuven"]])
    module.tags.add("outdoor play", "early childhood")
    module.save()
    ModuleTeacherFactory(page=module, user=people["ingrid"], institution=people["oslo"])
    ModuleTeacherFactory(page=module, user=people["pieter"], institution=people["leuven"])

    group = StudentGroup.objects.create(module=module, name="Group A")
    for student in people["students"]:
        enrol(student, module)
        place_student(module, student, group)
    group_space = Space.objects.get(module=module, kind=SpaceKind.GROUP)
    for student, body in zip(people["students"], MESSAGES, strict=False):
        post_message(user=student, space=group_space, body=body, client_id=str(uuid.uuid4()))

    CourseModulePage.objects.filter(pk=module.pk).update(enrolment_state=EnrolmentState.COMPLETED)
    module.refresh_from_db()
    return module


def create_url(module):
    return f"/admin/practices/from-module/{module.pk}/"


def consent_url(example):
    return f"/admin/practices/examples/{example.pk}/consent/"


def create_example(client, people, module):
    client.force_login(people["ingrid"])
    response = client.post(create_url(module))
    assert response.status_code == 302
    return GoodPracticePage.objects.get(source_module=module, locale=module.locale)


def test_a_teacher_turns_a_completed_module_into_a_prefilled_draft(client, people, module):
    client.force_login(people["ingrid"])
    page = client.get(create_url(module)).content.decode()
    assert "Create the draft example" in page
    assert "Nothing about the students is copied" in page

    response = client.post(create_url(module))

    example = GoodPracticePage.objects.get(source_module=module, locale=module.locale)
    assert response["Location"] == edit_url(example)
    assert not example.live
    assert example.title == module.title and example.summary == module.summary
    assert (example.sector, example.mode) == (module.sector, Mode.BIP)
    assert set(example.institutions.all()) == {people["oslo"], people["leuven"]}
    assert [country.code for country in example.countries] == ["BE", "NO"]
    assert sorted(tag.name for tag in example.tags.all()) == ["early childhood", "outdoor play"]
    assert example.module == module and example.owner == people["ingrid"]
    # The teacher who made it has agreed; the other teacher is asked.
    consents = {c.teacher: c.consented_at is not None for c in ExampleConsent.objects.all()}
    assert consents == {people["ingrid"]: True, people["pieter"]: False}
    # The teacher can go on editing the draft, and sees whose consent is missing.
    editor_page = client.get(edit_url(example))
    assert editor_page.status_code == 200
    assert "Still waiting for: Pieter Janssens" in editor_page.content.decode()


def test_the_draft_holds_nothing_about_the_students_or_their_messages(client, people, module):
    example = create_example(client, people, module)

    stored = json.dumps(example.get_latest_revision().content, ensure_ascii=False)
    stored += " ".join(
        str(value)
        for value in GoodPracticePage.objects.filter(translation_key=example.translation_key)
        .values()
        .first()
        .values()
    )
    for student in people["students"]:
        assert student.display_name not in stored and student.username not in stored
    for body in MESSAGES:
        assert body not in stored
    assert "Group A" not in stored


def test_only_the_teachers_of_a_completed_module_may_do_it(client, people, module):
    client.force_login(people["outsider"])
    assert client.post(create_url(module))["Location"] == "/admin/"

    CourseModulePage.objects.filter(pk=module.pk).update(enrolment_state=EnrolmentState.RUNNING)
    client.force_login(people["ingrid"])
    assert "Only a completed module" in client.get(create_url(module)).content.decode()
    client.post(create_url(module))

    assert not GoodPracticePage.objects.exists()


def test_a_module_gives_one_example_only(client, people, module):
    example = create_example(client, people, module)
    client.force_login(people["pieter"])

    response = client.post(create_url(module))

    assert response["Location"] == consent_url(example)
    assert GoodPracticePage.objects.filter(locale=module.locale).count() == 1


def test_teachers_find_the_action_and_the_request_on_their_dashboard(client, people, module):
    client.force_login(people["ingrid"])
    assert create_url(module) in client.get("/admin/").content.decode()
    # ... in the admin's page listing of the modules ...
    explorer = client.get(f"/admin/pages/{module.get_parent().pk}/").content.decode()
    assert create_url(module) in explorer
    # ... and in the Wagtail user bar on the public module page.
    assert create_url(module) in client.get(module.url).content.decode()
    client.force_login(people["outsider"])
    assert create_url(module) not in client.get(module.url).content.decode()
    client.force_login(people["ingrid"])
    example = create_example(client, people, module)

    client.force_login(people["pieter"])
    dashboard = client.get("/admin/").content.decode()
    assert "Waiting for your consent" in dashboard and consent_url(example) in dashboard


def test_publishing_waits_until_every_teacher_has_consented(client, people, module):
    example = create_example(client, people, module)

    # An editor's Publish button keeps it a draft and says who is missing.
    client.force_login(people["editor"])
    data = example_form(
        client,
        edit_url(example),
        title=example.title,
        slug=example.slug,
        summary=example.summary,
        sector=example.sector,
        mode=example.mode,
    )
    data["action-publish"] = ["action-publish"]
    response = client.post(edit_url(example), data, follow=True)
    example.refresh_from_db()
    assert not example.live
    assert "Still waiting for: Pieter Janssens" in response.content.decode()
    # Nor can anything else publish it behind the editors' back.
    with pytest.raises(ValidationError):
        example.get_latest_revision().publish()
    example.refresh_from_db()
    assert not example.live

    # The author submits it for review; it waits for the teachers first.
    client.force_login(people["ingrid"])
    data = example_form(
        client,
        edit_url(example),
        title=example.title,
        slug=example.slug,
        summary=example.summary,
        sector=example.sector,
        mode=example.mode,
    )
    data["action-submit"] = ["action-submit"]
    client.post(edit_url(example), data)
    state = WorkflowState.objects.get(object_id=str(example.pk))
    assert state.current_task_state.task.name == "Teacher consent"

    # The other teacher reads what will be published and consents.
    client.force_login(people["pieter"])
    page = client.get(consent_url(example)).content.decode()
    assert module.summary in page and "I consent to publishing this example" in page
    client.post(consent_url(example))

    state.refresh_from_db()
    assert state.current_task_state.task.name == "Editorial review"
    client.force_login(people["editor"])
    client.post(
        f"/admin/pages/workflow/action/{example.pk}/approve/{state.current_task_state.pk}/",
        {"comment": ""},
    )
    example.refresh_from_db()
    assert example.live


def test_teachers_may_also_consent_from_the_workflow_in_the_editor(client, people, module):
    example = create_example(client, people, module)
    data = example_form(
        client,
        edit_url(example),
        title=example.title,
        slug=example.slug,
        summary=example.summary,
        sector=example.sector,
        mode=example.mode,
    )
    data["action-submit"] = ["action-submit"]
    client.post(edit_url(example), data)
    task_state = WorkflowState.objects.get(object_id=str(example.pk)).current_task_state
    action = f"/admin/pages/workflow/action/{example.pk}/consent/{task_state.pk}/"

    # The author has consented already, so the action is not theirs to take again.
    client.post(action)
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS

    client.force_login(people["pieter"])
    assert "Awaiting your review" in client.get("/admin/").content.decode()
    client.post(action)

    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_APPROVED
    assert ExampleConsent.objects.get(teacher=people["pieter"]).consented_at is not None


def test_the_consent_page_is_for_the_teachers_asked_and_the_editors(client, people, module):
    example = create_example(client, people, module)

    for name in ("pieter", "editor"):
        client.force_login(people[name])
        assert client.get(consent_url(example)).status_code == 200
    client.force_login(people["outsider"])
    assert client.get(consent_url(example))["Location"] == "/admin/"
    # An editor may look but has no consent to give.
    client.force_login(people["editor"])
    client.post(consent_url(example))
    assert not ExampleConsent.objects.filter(teacher=people["editor"]).exists()
    assert ExampleConsent.objects.get(teacher=people["pieter"]).consented_at is None
