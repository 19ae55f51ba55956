"""A teacher added to a module is told so and may decline."""

import pytest
from django.test import Client
from wagtail.models import PageLogEntry

from modules.models import CourseModulePage
from tests.modules.conftest import edit_url, form_data_from

pytestmark = pytest.mark.django_db


def decline_url(page):
    return f"/admin/modules/{page.pk}/decline/"


def draft_teachers(page):
    page = CourseModulePage.objects.get(pk=page.pk)
    return {row.user_id for row in page.get_latest_revision_as_object().teachers.all()}


@pytest.fixture
def with_kolkata(client, outdoor_play, teachers, partners):
    """teacher.oslo adds NCI as a partner and teacher.kolkata as its lead, in a draft."""
    client.force_login(teachers["oslo"])
    data = form_data_from(client.get(edit_url(outdoor_play)))
    data["partners"] = [*data["partners"], str(partners["kolkata"].pk)]
    n = int(data["teachers-TOTAL_FORMS"][0])
    data.update(
        {
            "teachers-TOTAL_FORMS": [str(n + 1)],
            f"teachers-{n}-user": [str(teachers["kolkata"].pk)],
            f"teachers-{n}-institution": [str(partners["kolkata"].pk)],
            f"teachers-{n}-is_lead": ["on"],
            f"teachers-{n}-id": [""],
            f"teachers-{n}-ORDER": [str(n + 1)],
        }
    )
    response = client.post(edit_url(outdoor_play), data)
    assert response.status_code == 302, response.context["form"].errors
    client.logout()
    return outdoor_play


def test_the_added_teacher_is_told_in_the_history_and_the_editor(client, with_kolkata, teachers):
    entries = PageLogEntry.objects.filter(page=with_kolkata, action="modules.teacher_added")
    # teacher.leuven was told when teacher.oslo created the module; teacher.kolkata now.
    assert sorted((e.data["teacher_id"], e.user.pk) for e in entries) == [
        (teachers["leuven"].pk, teachers["oslo"].pk),
        (teachers["kolkata"].pk, teachers["oslo"].pk),
    ]
    client.force_login(teachers["kolkata"])
    text = client.get(edit_url(with_kolkata)).content.decode()
    assert "You have been added to this module’s teachers in a draft" in text
    assert decline_url(with_kolkata) in text
    history = client.get(f"/admin/pages/{with_kolkata.pk}/history/").content.decode()
    assert "Rohan Mukherjee was added as a teacher and told so" in history
    # Those already on the published list see no such notice.
    client.force_login(teachers["leuven"])
    assert "You have been added" not in client.get(edit_url(with_kolkata)).content.decode()


def test_the_added_teacher_declines(client, with_kolkata, teachers):
    kolkata = teachers["kolkata"]
    client.force_login(kolkata)
    page = client.get(decline_url(with_kolkata))
    assert page.status_code == 200
    assert "Yes, take me off this module" in page.content.decode()

    response = client.post(decline_url(with_kolkata))
    assert response.status_code == 302
    assert kolkata.pk not in draft_teachers(with_kolkata)
    assert draft_teachers(with_kolkata) == {teachers["oslo"].pk, teachers["leuven"].pk}
    assert client.get(edit_url(with_kolkata)).status_code in (302, 403)
    assert PageLogEntry.objects.filter(
        page=with_kolkata, action="modules.teacher_declined", user=kolkata
    ).exists()
    # The published version never listed them and is unchanged.
    assert not CourseModulePage.objects.get(pk=with_kolkata.pk).teachers.filter(user=kolkata)


def test_only_a_teacher_added_in_the_draft_may_decline(client, with_kolkata, teachers, editor):
    revisions = with_kolkata.revisions.count()
    for user in (teachers["leuven"], teachers["outsider"], editor):
        client.force_login(user)
        # Wagtail's admin answers a refusal with a redirect to its home and an error.
        assert client.get(decline_url(with_kolkata)).status_code in (302, 403)
        assert client.post(decline_url(with_kolkata)).status_code in (302, 403)
    client.logout()
    assert client.post(decline_url(with_kolkata)).status_code == 302  # to the sign-in page
    assert client.post("/admin/modules/999999/decline/").status_code in (302, 404)
    assert with_kolkata.revisions.count() == revisions
    assert teachers["leuven"].pk in draft_teachers(with_kolkata)


def test_declining_needs_the_csrf_token(with_kolkata, teachers):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(teachers["kolkata"])
    assert browser.post(decline_url(with_kolkata)).status_code == 403
    assert teachers["kolkata"].pk in draft_teachers(with_kolkata)
    token = browser.get(decline_url(with_kolkata)).context["csrf_token"]
    assert (
        browser.post(decline_url(with_kolkata), {"csrfmiddlewaretoken": token}).status_code == 302
    )
    assert teachers["kolkata"].pk not in draft_teachers(with_kolkata)
