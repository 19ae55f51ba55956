"""Who curates examples: editors publish them, teachers propose them through a review."""

import pytest
from wagtail.models import WorkflowState

from accounts.models import Sector
from accounts.roles import EDITORS, TEACHERS
from practices.models import GoodPracticePage
from tests.factories import (
    CourseModulePageFactory,
    ModuleIndexPageFactory,
    UserFactory,
)

from .admin_forms import add_example_url, edit_url, example_form
from .factories import GoodPracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(username="eva.editor", roles=[EDITORS])


@pytest.fixture
def teacher(institutions):
    return UserFactory(username="tom.teacher", roles=[TEACHERS], institution=institutions["NO"])


def example_fields(institutions, **extra):
    return {
        "title": "Pen-partners before the exchange",
        "slug": "pen-partners",
        "summary": "Each student wrote to a partner in Hamburg for a term before travelling.",
        "sector": Sector.UPPER_SECONDARY,
        "mode": "virtual_exchange",
        "institutions": [institutions["NO"].pk, institutions["DE"].pk],
        "tags": "German, exchange",
        "duration": "One term",
        "participants": "24",
        **extra,
    }


def test_an_editor_creates_and_publishes_an_example(client, editor, practice_index, institutions):
    client.force_login(editor)
    data = example_form(
        client,
        add_example_url(practice_index),
        tips=["Start early.", "Meet online first."],
        what_worked="<p>Writing in both languages.</p>",
        **example_fields(institutions, featured="on", score_innovation="3"),
    )
    data["action-publish"] = ["action-publish"]

    response = client.post(add_example_url(practice_index), data)

    assert response.status_code == 302
    example = GoodPracticePage.objects.get(slug="pen-partners", locale__language_code="en")
    assert example.live
    assert example.featured and example.score_innovation == 3
    assert [c.code for c in example.countries] == ["DE", "NO"]
    assert sorted(t.name for t in example.tags.all()) == ["German", "exchange"]
    assert [block.value for block in example.tips] == ["Start early.", "Meet online first."]
    assert client.get(example.url).status_code == 200


def test_an_editor_edits_and_publishes_someone_elses_draft(
    client, editor, teacher, practice_index, institutions
):
    draft = GoodPracticePageFactory(
        parent=practice_index, title="Draft by a teacher", owner=teacher, publish=False
    )
    draft.save_revision(user=teacher)
    client.force_login(editor)
    data = example_form(
        client,
        edit_url(draft),
        **example_fields(institutions, title="Polished by the editor", slug=draft.slug),
    )
    data["action-publish"] = ["action-publish"]

    client.post(edit_url(draft), data)

    draft.refresh_from_db()
    assert draft.live and draft.title == "Polished by the editor"


def test_an_editor_cannot_edit_or_add_course_modules(client, editor, home_pages):
    module_index = ModuleIndexPageFactory(parent=home_pages["en"])
    module = CourseModulePageFactory(parent=module_index, title="Outdoor play")
    client.force_login(editor)

    edit = client.get(edit_url(module))
    post = client.post(edit_url(module), {"title": "Renamed by an editor", "action-publish": "1"})
    add = client.get(f"/admin/pages/add/modules/coursemodulepage/{module_index.pk}/")

    # Wagtail answers a refused admin page by sending the person back to the dashboard.
    for response in (edit, post, add):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    module.refresh_from_db()
    assert module.title == "Outdoor play"


def test_a_teacher_proposes_an_example_that_goes_to_editorial_review(
    client, teacher, editor, practice_index, institutions
):
    client.force_login(teacher)
    data = example_form(client, add_example_url(practice_index), **example_fields(institutions))
    data["action-submit"] = ["action-submit"]

    client.post(add_example_url(practice_index), data)

    example = GoodPracticePage.objects.get(slug="pen-partners", locale__language_code="en")
    assert not example.live and example.owner == teacher
    state = WorkflowState.objects.get(object_id=str(example.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # Nobody's consent is needed for a proposal, so it waits for the editors at once.
    assert state.current_task_state.task.name == "Editorial review"

    # The editors see it on their dashboard, and approving it publishes it.
    client.force_login(editor)
    assert "Pen-partners before the exchange" in client.get("/admin/").content.decode()
    approve = f"/admin/pages/workflow/action/{example.pk}/approve/{state.current_task_state.pk}/"
    client.post(approve, {"comment": ""})

    example.refresh_from_db()
    assert example.live


def test_a_teacher_cannot_publish_or_approve_their_own_proposal(
    client, teacher, practice_index, institutions
):
    client.force_login(teacher)
    data = example_form(client, add_example_url(practice_index), **example_fields(institutions))
    data["action-submit"] = ["action-submit"]
    client.post(add_example_url(practice_index), data)
    example = GoodPracticePage.objects.get(slug="pen-partners", locale__language_code="en")
    task_state = WorkflowState.objects.get(object_id=str(example.pk)).current_task_state

    publish = example_form(client, edit_url(example), **example_fields(institutions))
    publish["action-publish"] = ["action-publish"]
    client.post(edit_url(example), publish)
    client.post(f"/admin/pages/workflow/action/{example.pk}/approve/{task_state.pk}/", {})

    example.refresh_from_db()
    assert not example.live


def test_only_editors_score_and_feature_examples(client, teacher, practice_index, institutions):
    client.force_login(teacher)
    form = client.get(add_example_url(practice_index)).content.decode()
    assert 'name="featured"' not in form and 'name="score_impact"' not in form

    data = example_form(
        client,
        add_example_url(practice_index),
        **example_fields(institutions, featured="on", score_impact="3"),
    )
    data["action-submit"] = ["action-submit"]
    client.post(add_example_url(practice_index), data)

    example = GoodPracticePage.objects.get(slug="pen-partners", locale__language_code="en")
    assert not example.featured and example.score_impact is None
