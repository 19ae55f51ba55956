"""Final reports over HTTP: who may read, write, submit, accept and return them."""
# ruff: noqa: F811 - the fixtures of reports_helpers are imported, then asked for by name

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from funding.models import FinalReport, ReportEvent
from notifications.models import Notification
from notifications.presentation import notification_text
from tests.factories import UserFactory
from tests.funding.conftest import coordinator, municipality
from tests.funding.reports_helpers import (  # noqa: F401 - fixtures
    COMPLETE,
    accepted,
    funded,
    manager,
    other_coordinator,
    report_call,
    report_url,
)

pytestmark = pytest.mark.django_db


def decide_url(application):
    return report_url(application) + "decide/"


def submitted(client, application, person):
    client.force_login(person)
    response = client.post(report_url(application), {**COMPLETE, "action": "submit"})
    assert response.status_code == 302
    client.logout()
    return FinalReport.objects.get(application=application)


def test_the_applicants_coordinator_saves_a_draft_then_submits(client, accepted, bodo_coordinator):
    client.force_login(bodo_coordinator)
    page = client.get(report_url(accepted))
    assert page.status_code == 200
    assert "What did the pupils learn?" in page.text
    assert "Amount spent (NOK)" in page.text
    draft = client.post(report_url(accepted), {"pupils": "40", "action": "save"})
    assert draft.status_code == 302
    report = FinalReport.objects.get(application=accepted)
    assert (report.state, report.pupils, report.staff) == ("draft", 40, None)
    done = client.post(report_url(accepted), {**COMPLETE, "action": "submit"}, follow=True)
    assert "The report is submitted." in done.text
    report.refresh_from_db()
    assert report.state == "submitted"
    assert report.submitted_by == bodo_coordinator
    assert (report.pupils, report.staff, report.institutions, report.amount_spent) == (
        120,
        8,
        3,
        48000,
    )
    assert report.answers["r-learned"] == "To work with partners abroad."
    [event] = ReportEvent.objects.filter(report=report)
    assert (event.from_state, event.to_state) == ("draft", "submitted")
    assert event.actor == bodo_coordinator
    # Submitted: no longer editable, and a change is refused with the reason.
    again = client.post(report_url(accepted), {**COMPLETE, "pupils": "1", "action": "save"})
    assert again.status_code == 400
    assert "can no longer be changed" in again.text
    report.refresh_from_db()
    assert report.pupils == 120


def test_an_incomplete_report_is_refused_with_the_reasons_and_nothing_kept(
    client, accepted, bodo_coordinator
):
    client.force_login(bodo_coordinator)
    client.post(report_url(accepted), {"pupils": "40", "action": "save"})
    data = {**COMPLETE, "r-learned": "", "staff": "", "pupils": "99", "action": "submit"}
    response = client.post(report_url(accepted), data)
    assert response.status_code == 400
    assert "The report is not complete." in response.text
    assert "Answer the required question “What did the pupils learn?”." in response.text
    assert "Give “Teachers and staff who took part” as a whole number, 0 or more." in response.text
    report = FinalReport.objects.get(application=accepted)
    assert (report.state, report.pupils) == ("draft", 40)  # the draft as it was


def test_a_negative_or_fractional_figure_is_refused(client, accepted, bodo_coordinator):
    client.force_login(bodo_coordinator)
    negative = client.post(report_url(accepted), {**COMPLETE, "pupils": "-3", "action": "save"})
    assert negative.status_code == 400
    assert "greater than or equal to 0" in negative.text
    fraction = client.post(report_url(accepted), {**COMPLETE, "staff": "2.5", "action": "submit"})
    assert fraction.status_code == 400
    assert "Enter a whole number." in fraction.text
    assert not FinalReport.objects.exists()


def test_anonymous_is_sent_to_sign_in_everywhere(client, accepted):
    for response in [
        client.get(report_url(accepted)),
        client.post(report_url(accepted), {**COMPLETE, "action": "submit"}),
        client.post(decide_url(accepted), {"decision": "accept"}),
    ]:
        assert response.status_code == 302
        assert response.url.startswith("/en/accounts/login/")
    assert not FinalReport.objects.exists()


def test_another_institutions_coordinator_gets_404_everywhere(
    client, accepted, bodo_coordinator, other_coordinator
):
    report = submitted(client, accepted, bodo_coordinator)
    client.force_login(other_coordinator)
    assert client.get(report_url(accepted)).status_code == 404
    assert client.post(report_url(accepted), {**COMPLETE, "action": "save"}).status_code == 404
    assert client.post(decide_url(accepted), {"decision": "accept"}).status_code == 404
    report.refresh_from_db()
    assert report.state == "submitted"


def test_a_teacher_of_the_applicant_institution_gets_404(client, accepted, bodo):
    client.force_login(UserFactory(username="teacher.bodo", institution=bodo, roles=["Teachers"]))
    assert client.get(report_url(accepted)).status_code == 404
    assert client.post(report_url(accepted), {**COMPLETE, "action": "save"}).status_code == 404


def test_a_coordinator_whose_application_was_not_awarded_has_no_report(client, report_call):
    molde = municipality("Molde kommune")
    person = coordinator(molde, "coordinator.molde")
    for state in ["submitted", "waiting", "declined"]:
        application = funded(report_call, molde, person, state=state)
        client.force_login(person)
        page = client.get(report_url(application))
        assert page.status_code == 404
        assert "Only an application awarded a place has a final report." in page.text
        assert client.post(report_url(application), COMPLETE).status_code == 404
        # Nor does its application page offer one.
        assert "Open the final report" not in client.get(application.get_absolute_url()).text
        application.delete()
    assert not FinalReport.objects.exists()


def test_the_applicant_may_not_decide_on_its_own_report(client, accepted, bodo_coordinator):
    report = submitted(client, accepted, bodo_coordinator)
    client.force_login(bodo_coordinator)
    assert "Accept the report" not in client.get(report_url(accepted)).text
    assert client.post(decide_url(accepted), {"decision": "accept"}).status_code == 403
    report.refresh_from_db()
    assert report.state == "submitted"


def test_a_manager_reads_but_does_not_write_and_accepts(
    client, accepted, bodo_coordinator, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    assert client.post(report_url(accepted), {**COMPLETE, "action": "submit"}).status_code == 403
    assert not FinalReport.objects.exists()
    # Nothing submitted yet: nothing to accept.
    refused = client.post(decide_url(accepted), {"decision": "accept"})
    assert refused.status_code == 400
    assert "Only a submitted report can be accepted or returned." in refused.text
    report = submitted(client, accepted, bodo_coordinator)
    client.force_login(manager)
    page = client.get(report_url(accepted))
    assert page.status_code == 200
    assert "To work with partners abroad." in page.text
    assert "NOK 48" in page.text
    assert 'name="pupils"' not in page.text  # read only
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(accepted), {"decision": "accept"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.decided_by) == ("accepted", manager)
    [notice] = Notification.objects.filter(kind="funding_report_accepted")
    assert notice.recipient == bodo_coordinator
    assert notice.target_url == report_url(accepted)
    assert f"report on your application {accepted.reference}" in notification_text(notice)
    assert [m.to for m in mail.outbox] == [[bodo_coordinator.email]]


def test_a_manager_returns_with_a_reason_and_the_applicant_submits_again(
    client, accepted, bodo_coordinator, manager, django_capture_on_commit_callbacks
):
    report = submitted(client, accepted, bodo_coordinator)
    client.force_login(manager)
    without = client.post(decide_url(accepted), {"decision": "return", "reason": "  "})
    assert without.status_code == 400
    assert "Give the reason for returning the report." in without.text
    report.refresh_from_db()
    assert report.state == "submitted"
    reason = "Give the number of <b>schools</b> too."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(accepted), {"decision": "return", "reason": reason})
    report.refresh_from_db()
    assert (report.state, report.return_reason) == ("returned", reason)
    [notice] = Notification.objects.filter(kind="funding_report_returned")
    assert notice.recipient == bodo_coordinator
    text = notification_text(notice)
    assert "was returned to you for changes" in text and "schools" in text
    assert len(mail.outbox) == 1
    client.force_login(bodo_coordinator)
    page = client.get(report_url(accepted))
    assert "Give the number of &lt;b&gt;schools&lt;/b&gt; too." in page.text  # escaped
    assert 'name="pupils"' in page.text  # editable again
    again = client.post(report_url(accepted), {**COMPLETE, "action": "submit"})
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"
    states = list(ReportEvent.objects.filter(report=report).values_list("to_state", "actor"))
    assert states == [
        ("submitted", bodo_coordinator.pk),
        ("returned", manager.pk),
        ("submitted", bodo_coordinator.pk),
    ]


def test_an_unknown_decision_is_refused(client, accepted, bodo_coordinator, manager):
    report = submitted(client, accepted, bodo_coordinator)
    client.force_login(manager)
    assert client.post(decide_url(accepted), {"decision": "maybe"}).status_code == 400
    assert client.get(decide_url(accepted)).status_code == 405
    report.refresh_from_db()
    assert report.state == "submitted"


def test_the_page_editor_offers_the_report_questions_after_the_due_date(client, report_call):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.get(f"/admin/pages/{report_call.pk}/edit/")
    assert response.status_code == 200
    # The panels, in their order (Wagtail builds the form from this JSON in the browser).
    due = response.text.find('"fieldName": "report_due"')
    questions = response.text.find('"fieldName": "report_questions"')
    contacts = response.text.find('"fieldName": "contacts"')
    assert 0 < due < questions < contacts
    assert "What did the pupils learn?" in response.text


def test_a_required_file_question_needs_its_file_which_only_those_may_download(
    client, make_call, bodo, bodo_coordinator, manager, other_coordinator
):
    """`manager` manages another call: it sees neither the report nor its file."""
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    from funding.models import ApplicationFile  # noqa: PLC0415
    from tests.funding.reports_helpers import REPORT_DUE  # noqa: PLC0415

    question = {"type": "file", "id": "r-budget", "value": {"label": "Accounts", "required": True}}
    call = make_call(slug="with-file", code="FILE", report_due=REPORT_DUE)
    call.report_questions = [question]
    call.save_revision().publish()
    application = funded(call, bodo, bodo_coordinator)
    client.force_login(bodo_coordinator)
    data = {key: value for key, value in COMPLETE.items() if key != "r-learned"}
    refused = client.post(report_url(application), {**data, "action": "submit"})
    assert refused.status_code == 400
    assert "Answer the required question “Accounts”." in refused.text
    upload = SimpleUploadedFile("accounts.pdf", b"%PDF-1.4 accounts", "application/pdf")
    done = client.post(report_url(application), {**data, "r-budget": upload, "action": "submit"})
    assert done.status_code == 302
    attachment = ApplicationFile.objects.get(application=application, question="r-budget")
    # Kept apart from the media files a web server serves: only the view below sends it.
    kept = Path(attachment.file.path)
    assert kept.is_relative_to(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert not kept.is_relative_to(settings.MEDIA_ROOT)
    file_url = f"/en/funding/applications/{application.pk}/files/{attachment.pk}/"
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert f'href="{file_url}"' in client.get(report_url(application)).text
    assert b"".join(client.get(file_url).streaming_content) == b"%PDF-1.4 accounts"
    for person in [manager, other_coordinator]:
        client.force_login(person)
        assert client.get(report_url(application)).status_code == 404
        assert client.get(file_url).status_code == 404
