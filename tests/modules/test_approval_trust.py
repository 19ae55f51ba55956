"""Who may approve: the leads of the published version, never those a draft names."""

import bs4
import pytest
from django.urls import reverse

from modules.models import CourseModulePage, ModuleTeacher
from modules.models.roster import module_roster
from tests.modules.conftest import edit_url, form_data_from, make_teacher

pytestmark = pytest.mark.django_db


def live(page):
    return CourseModulePage.objects.get(pk=page.pk)


def teacher_row(data, user):
    return next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("teachers-") and key.endswith("-user") and value == [str(user.pk)]
    )


def add_teacher_row(data, user, institution, lead):
    n = int(data["teachers-TOTAL_FORMS"][0])
    data.update(
        {
            "teachers-TOTAL_FORMS": [str(n + 1)],
            f"teachers-{n}-user": [str(user.pk)],
            f"teachers-{n}-institution": [str(institution.pk)],
            f"teachers-{n}-id": [""],
            f"teachers-{n}-ORDER": [str(n + 1)],
        }
    )
    if lead:
        data[f"teachers-{n}-is_lead"] = ["on"]


def approve_url(page):
    task_state = live(page).current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))


def approve(client, user, page):
    client.force_login(user)
    return client.post(approve_url(page), {"comment": ""})


@pytest.fixture
def storytelling(make_module, partners, teachers):
    """OsloMet and UCLL; teacher.oslo2 is listed for OsloMet but is not a lead."""
    return make_module(
        title="Storytelling",
        partner_list=[partners["oslo"], partners["leuven"]],
        teacher_list=[
            (teachers["oslo"], True),
            (teachers["oslo2"], False),
            (teachers["leuven"], True),
        ],
    )


def test_a_draft_cannot_name_its_own_approvers(client, storytelling, teachers, partners):
    ally = make_teacher("teacher.leuven2", partners["leuven"], "Europe/Brussels")
    forger = teachers["oslo2"]

    # The non-lead makes himself OsloMet's lead and adds a UCLL colleague as UCLL's lead,
    # then submits the draft through the editor's "Submit for partner approval".
    client.force_login(forger)
    data = form_data_from(client.get(edit_url(storytelling)))
    data[f"teachers-{teacher_row(data, forger)}-is_lead"] = ["on"]
    add_teacher_row(data, ally, partners["leuven"], lead=True)
    data["summary"] = ["Rewritten without the leads."]
    data["action-submit"] = ["Submit"]
    response = client.post(edit_url(storytelling), data)
    assert response.status_code == 302, response.context["form"].errors
    assert live(storytelling).current_workflow_state is not None

    # The Status panel names who may approve for each partner: the published leads.
    client.force_login(teachers["leuven"])
    panel = bs4.BeautifulSoup(client.get(edit_url(storytelling)).content, "html.parser")
    rows = {
        row["data-partner"]: " ".join(row.get_text().split())
        for row in panel.select("[data-module-status] [data-partner]")
    }
    assert rows["UCLL"].endswith("may approve: Pieter Janssens")
    assert rows["OsloMet"].endswith("may approve: Ingrid Hansen")

    # The colleague named in the draft cannot approve for UCLL.
    response = approve(client, ally, storytelling)
    assert response.status_code in (302, 403)
    page = live(storytelling)
    assert page.summary != "Rewritten without the leads."
    assert page.teachers.filter(user=ally).count() == 0
    task_state = page.current_workflow_task_state
    status = task_state.task.specific.status_for(page, task_state)
    assert {p.short_name for p in status.waiting_for} == {"OsloMet", "UCLL"}

    # The real leads see the change, teachers included, and approve it: then it is published.
    assert approve(client, teachers["leuven"], storytelling).status_code == 302
    assert live(storytelling).summary != "Rewritten without the leads."
    assert approve(client, teachers["oslo"], storytelling).status_code == 302
    page = live(storytelling)
    assert page.summary == "Rewritten without the leads."
    assert page.teachers.get(user=ally).is_lead
    assert page.teachers.get(user=forger).is_lead

    # From now on the newly published leads approve for their institutions.
    client.force_login(teachers["oslo"])
    data = form_data_from(client.get(edit_url(storytelling)))
    data["summary"] = ["A later change."]
    data["action-submit"] = ["Submit"]
    assert client.post(edit_url(storytelling), data).status_code == 302
    assert approve(client, ally, storytelling).status_code == 302
    assert live(storytelling).summary == "A later change."


def test_first_publication_approvers_must_belong_to_the_partner(make_module, partners, teachers):
    module = make_module(
        title="Not yet published",
        publish=False,
        partner_list=[partners["oslo"], partners["leuven"]],
        teacher_list=[(teachers["oslo"], True), (teachers["leuven"], True)],
    )
    # A draft saved outside the form names a Bergen teacher as UCLL's lead.
    draft = module.get_latest_revision_as_object()
    draft.teachers = [
        *draft.teachers.all(),
        ModuleTeacher(user=teachers["outsider"], institution=partners["leuven"], is_lead=True),
    ]
    draft.save_revision(user=teachers["oslo"])
    roster = module_roster(live(module))
    assert roster.led_by(teachers["outsider"]) == set()
    assert roster.led_by(teachers["leuven"]) == {partners["leuven"].pk}
    assert roster.led_by(teachers["oslo"]) == {partners["oslo"].pk}


def test_a_lead_who_moved_institution_no_longer_approves_for_the_old_one(
    outdoor_play, partners, teachers
):
    leuven = teachers["leuven"]
    leuven.institution = partners["bergen"]
    leuven.save()
    assert module_roster(outdoor_play).led_by(leuven) == set()
    assert module_roster(outdoor_play).led_by(teachers["oslo"]) == {partners["oslo"].pk}
