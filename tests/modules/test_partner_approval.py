"""Partner approval: a module is published only when every partner's lead approved one version."""

import json

import bs4
import pytest
from wagtail.models import WorkflowState

from modules.models import CourseModulePage, PartnerApprovalTask
from tests.modules.conftest import edit_url, form_data_from

pytestmark = pytest.mark.django_db


def edit_form(client, user, page):
    client.force_login(user)
    response = client.get(edit_url(page))
    assert response.status_code == 200
    return response, form_data_from(response)


def submit_change(client, user, page, **changes):
    _response, data = edit_form(client, user, page)
    for name, value in changes.items():
        data[name] = [value]
    response = client.post(edit_url(page), {**data, "action-submit": ["Submit"]})
    assert response.status_code == 302, response.context["form"].errors
    return response


def workflow_action(client, user, page, action, comment=None, **changes):
    _response, data = edit_form(client, user, page)
    for name, value in changes.items():
        data[name] = [value]
    data["action-workflow-action"] = ["true"]
    data["workflow-action-name"] = [action]
    if comment is not None:
        data["workflow-action-extra-data"] = [json.dumps({"comment": comment})]
    response = client.post(edit_url(page), data)
    assert response.status_code == 302
    return response


def submit_button(response):
    button = bs4.BeautifulSoup(response.content, "html.parser").find(
        "button", attrs={"name": "action-submit"}
    )
    return " ".join(button.get_text().split())


def test_the_submit_button_names_the_workflow_in_the_editors_language(
    client, outdoor_play, teachers
):
    # Not Wagtail's "Submit to Partner approval", with the workflow's stored English name.
    response, _data = edit_form(client, teachers["leuven"], outdoor_play)
    assert submit_button(response) == "Submit for partner approval"


def live(page):
    return CourseModulePage.objects.get(pk=page.pk)


def status_of(page):
    page = live(page)
    task_state = page.current_workflow_task_state
    return task_state.task.specific.status_for(page, task_state) if task_state else None


def test_the_module_index_uses_the_partner_approval_workflow(outdoor_play):
    workflow = outdoor_play.get_workflow()
    assert workflow is not None
    assert [type(task.specific) for task in workflow.tasks] == [PartnerApprovalTask]


def test_published_only_after_every_partner_approved(client, outdoor_play, teachers):
    response = submit_change(client, teachers["oslo"], outdoor_play, summary="A new summary.")
    # The submitting lead approves for OsloMet; the module waits for UCLL.
    follow = client.get(response.url)
    assert "Waiting for approval from UCLL" in follow.content.decode()
    assert live(outdoor_play).summary != "A new summary."
    status = status_of(outdoor_play)
    assert [p.short_name for p in status.waiting_for] == ["UCLL"]

    # teacher.oslo cannot approve again; teacher.leuven can, and that publishes.
    response, _data = edit_form(client, teachers["oslo"], outdoor_play)
    page = response.content.decode()
    assert "UCLL: waiting for a lead teacher’s approval" in page
    assert "Approve for" not in page
    response, _data = edit_form(client, teachers["leuven"], outdoor_play)
    assert "Approve for UCLL and publish" in response.content.decode()

    workflow_action(client, teachers["leuven"], outdoor_play, "approve")
    assert live(outdoor_play).summary == "A new summary."
    assert live(outdoor_play).current_workflow_state is None


def test_a_new_revision_needs_new_approvals(client, outdoor_play, teachers):
    submit_change(client, teachers["oslo"], outdoor_play, summary="Oslo's summary.")
    # Leuven improves the text while approving: that is a new version, which OsloMet has
    # not seen, so it is not published yet.
    workflow_action(
        client, teachers["leuven"], outdoor_play, "approve", summary="Leuven's better summary."
    )
    assert live(outdoor_play).summary not in ("Oslo's summary.", "Leuven's better summary.")
    status = status_of(outdoor_play)
    assert [p.short_name for p in status.waiting_for] == ["OsloMet"]
    assert set(status.approvals) == {teachers["leuven"].institution_id}

    workflow_action(client, teachers["oslo"], outdoor_play, "approve")
    assert live(outdoor_play).summary == "Leuven's better summary."


def test_saving_a_draft_while_waiting_resets_the_approvals(client, outdoor_play, teachers):
    submit_change(client, teachers["oslo"], outdoor_play, summary="First try.")
    _response, data = edit_form(client, teachers["oslo"], outdoor_play)
    data["summary"] = ["Second try."]
    assert client.post(edit_url(outdoor_play), data).status_code == 302
    # OsloMet's approval was for the first version; the newest has none yet.
    status = status_of(outdoor_play)
    assert {p.short_name for p in status.waiting_for} == {"OsloMet", "UCLL"}
    workflow_action(client, teachers["leuven"], outdoor_play, "approve")
    assert live(outdoor_play).summary != "Second try."
    workflow_action(client, teachers["oslo"], outdoor_play, "approve")
    assert live(outdoor_play).summary == "Second try."


def test_a_request_for_changes_sends_the_module_back(client, outdoor_play, teachers):
    submit_change(client, teachers["oslo"], outdoor_play, summary="Draft summary.")
    workflow_action(
        client, teachers["leuven"], outdoor_play, "reject", comment="Add the Flemish goals."
    )
    page = live(outdoor_play)
    assert page.summary != "Draft summary."
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    response, _data = edit_form(client, teachers["oslo"], outdoor_play)
    text = response.content.decode()
    assert "Pieter Janssens asked for changes." in text
    assert "Add the Flemish goals." in text
    assert submit_button(response) == "Resubmit for partner approval"

    # Resubmitting restarts the approvals, with OsloMet's given by the submitter.
    submit_change(client, teachers["oslo"], outdoor_play, summary="Summary with Flemish goals.")
    status = status_of(outdoor_play)
    assert [p.short_name for p in status.waiting_for] == ["UCLL"]
    workflow_action(client, teachers["leuven"], outdoor_play, "approve")
    assert live(outdoor_play).summary == "Summary with Flemish goals."


def test_only_leads_of_partners_approve(client, outdoor_play, teachers):
    submit_change(client, teachers["oslo"], outdoor_play, summary="Waiting.")
    page = live(outdoor_play)
    task = page.current_workflow_task
    # Not listed at all, or listed but not as a lead: no approval action.
    assert task.get_actions(page, teachers["kolkata"]) == []
    task.on_action(page.current_workflow_task_state, teachers["kolkata"], "approve")
    assert [p.short_name for p in status_of(page).waiting_for] == ["UCLL"]


def test_non_lead_teacher_can_submit_but_not_approve(client, make_module, partners, teachers):
    module = make_module(
        title="Storytelling",
        partner_list=[partners["oslo"], partners["leuven"]],
        teacher_list=[
            (teachers["oslo"], True),
            (teachers["oslo2"], False),
            (teachers["leuven"], True),
        ],
    )
    submit_change(client, teachers["oslo2"], module, summary="Suggested by a co-teacher.")
    status = status_of(module)
    # Submitting gives no approval when the submitter is not a lead.
    assert {p.short_name for p in status.waiting_for} == {"OsloMet", "UCLL"}
    page = live(module)
    assert page.current_workflow_task.get_actions(page, teachers["oslo2"]) == []
    workflow_action(client, teachers["oslo"], module, "approve")
    assert live(module).summary != "Suggested by a co-teacher."
    workflow_action(client, teachers["leuven"], module, "approve")
    assert live(module).summary == "Suggested by a co-teacher."


def test_removing_a_partner_needs_that_partners_approval(client, outdoor_play, teachers, partners):
    # OsloMet cannot drop UCLL on its own: the partners before the change must agree too.
    _response, data = edit_form(client, teachers["oslo"], outdoor_play)
    leuven_row = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-user") and value == [str(teachers["leuven"].pk)]
    )
    data[f"teachers-{leuven_row}-DELETE"] = ["on"]
    data["partners"] = [str(partners["oslo"].pk), str(partners["kolkata"].pk)]
    new_teacher = teachers["kolkata"]
    n = int(data["teachers-TOTAL_FORMS"][0])
    data.update(
        {
            "teachers-TOTAL_FORMS": [str(n + 1)],
            f"teachers-{n}-user": [str(new_teacher.pk)],
            f"teachers-{n}-institution": [str(partners["kolkata"].pk)],
            f"teachers-{n}-is_lead": ["on"],
            f"teachers-{n}-id": [""],
            f"teachers-{n}-ORDER": [str(n + 1)],
        }
    )
    data["action-submit"] = ["Submit"]
    response = client.post(edit_url(outdoor_play), data)
    assert response.status_code == 302, response.context["form"].errors
    status = status_of(outdoor_play)
    assert {p.short_name for p in status.waiting_for} == {"UCLL", "NCI"}
    workflow_action(client, teachers["kolkata"], outdoor_play, "approve")
    assert live(outdoor_play).partners.count() == 2
    assert {p.short_name for p in live(outdoor_play).partners.all()} == {"OsloMet", "UCLL"}
    workflow_action(client, teachers["leuven"], outdoor_play, "approve")
    assert {p.short_name for p in live(outdoor_play).partners.all()} == {"OsloMet", "NCI"}


def test_superusers_keep_their_powers(client, outdoor_play, teachers, superuser):
    submit_change(client, teachers["oslo"], outdoor_play, summary="Approved by the admin.")
    workflow_action(client, superuser, outdoor_play, "approve")
    assert live(outdoor_play).summary == "Approved by the admin."


def test_history_names_the_partners_that_approved(client, outdoor_play, teachers):
    submit_change(client, teachers["oslo"], outdoor_play, summary="History.")
    workflow_action(client, teachers["leuven"], outdoor_play, "approve")
    client.force_login(teachers["oslo"])
    response = client.get(f"/admin/pages/{outdoor_play.pk}/history/")
    text = response.content.decode()
    assert "Approved for OsloMet" in text
    assert "Approved for UCLL" in text


def test_an_identical_new_revision_keeps_the_approvals(client, outdoor_play, teachers):
    submit_change(client, teachers["oslo"], outdoor_play, summary="Same words.")
    page = live(outdoor_play)
    # Saving again without changing anything (Wagtail may do so) is not a new version...
    page.get_latest_revision_as_object().save_revision(user=teachers["leuven"])
    assert [p.short_name for p in status_of(outdoor_play).waiting_for] == ["UCLL"]
    # ...but any change is.
    changed = live(outdoor_play).get_latest_revision_as_object()
    changed.summary = "Other words."
    changed.save_revision(user=teachers["leuven"])
    assert {p.short_name for p in status_of(outdoor_play).waiting_for} == {"OsloMet", "UCLL"}
