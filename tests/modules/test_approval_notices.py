"""The partner approval tells the people whose turn it is, and nobody of their own action."""

import pytest
from django.core import mail
from wagtail.models import Workflow, WorkflowState
from wagtail.signals import workflow_approved

from notifications.models import Notification
from tests.modules.test_partner_approval import live, submit_change, workflow_action

pytestmark = pytest.mark.django_db


def told():
    """{(username, kind)} of every notification written."""
    return {
        (row.recipient.username, row.kind)
        for row in Notification.objects.select_related("recipient")
    }


def shown_to(client, user):
    client.force_login(user)
    return client.get("/api/me/notifications/").json()["notifications"]


def test_submitting_asks_the_other_partners_lead_and_approving_tells_the_submitter(
    client, outdoor_play, teachers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_change(client, teachers["oslo"], outdoor_play, summary="A new summary.")
    assert told() == {("teacher.leuven", "approval_requested")}
    [asked] = mail.outbox
    assert asked.to == [teachers["leuven"].email]
    assert "Ingrid Hansen asks you to approve “Outdoor play across cultures”." in asked.body
    [notice] = shown_to(client, teachers["leuven"])
    assert notice["url"] == f"/admin/pages/{outdoor_play.pk}/edit/"

    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(client, teachers["leuven"], outdoor_play, "approve")
    assert live(outdoor_play).summary == "A new summary."
    # Published: the submitter hears of it at once; the approver of nothing they did.
    assert told() == {
        ("teacher.leuven", "approval_requested"),
        ("teacher.oslo", "module_published"),
    }
    published = mail.outbox[1]
    assert published.to == [teachers["oslo"].email]
    assert "“Outdoor play across cultures” is published." in published.body
    [notice] = shown_to(client, teachers["oslo"])
    assert notice["url"] == live(outdoor_play).url
    assert notice["actor"]["name"] == "Pieter Janssens"


def test_a_request_for_changes_tells_the_teachers_the_reason(client, outdoor_play, teachers):
    submit_change(client, teachers["oslo"], outdoor_play, summary="A new summary.")
    workflow_action(
        client, teachers["leuven"], outdoor_play, "reject", comment="Add the Flemish goals."
    )
    assert ("teacher.oslo", "approval_refused") in told()
    [notice] = shown_to(client, teachers["oslo"])
    assert notice["text"] == (
        "Pieter Janssens asked for changes to “Outdoor play across cultures”. "
        "Reason: Add the Flemish goals."
    )


def test_with_three_partners_each_approval_is_news_until_the_last(
    client, make_module, partners, teachers
):
    page = make_module(
        title="Three campuses",
        partner_list=[partners["oslo"], partners["leuven"], partners["kolkata"]],
        teacher_list=[
            (teachers["oslo"], True),
            (teachers["leuven"], True),
            (teachers["kolkata"], True),
            (teachers["oslo2"], False),
        ],
    )
    submit_change(client, teachers["oslo"], page, summary="Changed.")
    assert told() == {
        ("teacher.leuven", "approval_requested"),
        ("teacher.kolkata", "approval_requested"),
    }
    workflow_action(client, teachers["leuven"], page, "approve")
    assert live(page).summary != "Changed."
    # The module's other teachers, the non-lead included; never someone outside it.
    assert {name for name, kind in told() if kind == "approval_given"} == {
        "teacher.oslo",
        "teacher.oslo2",
        "teacher.kolkata",
    }
    workflow_action(client, teachers["kolkata"], page, "approve")
    assert live(page).summary == "Changed."
    assert {name for name, kind in told() if kind == "module_published"} == {
        "teacher.oslo",
        "teacher.oslo2",
        "teacher.leuven",
    }
    assert "teacher.bergen" not in {name for name, _kind in told()}


def test_wagtail_still_mails_workflow_news_of_pages_other_than_modules(
    outdoor_play, teachers, home_pages
):
    """The module's news comes as notifications; other pages keep Wagtail's own e-mail."""
    workflow = Workflow.objects.create(name="Review")
    for page in [home_pages["en"], outdoor_play]:
        state = WorkflowState.objects.create(
            content_type=page.specific.cached_content_type,
            base_content_type=page.specific.get_base_content_type(),
            object_id=str(page.pk),
            workflow=workflow,
            status=WorkflowState.STATUS_APPROVED,
            requested_by=teachers["oslo"],
        )
        workflow_approved.send(sender=WorkflowState, instance=state, user=teachers["leuven"])
    [sent] = mail.outbox
    assert sent.to == [teachers["oslo"].email]
    assert home_pages["en"].title in sent.subject
