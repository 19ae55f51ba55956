"""The demo's funded municipalities have their final reports, written once."""

import os

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import User
from funding import reports
from funding.models import Application, CallPage, FinalReport, ReportReminder
from notifications.models import Notification


@pytest.mark.django_db
def test_the_demo_reports_accepted_submitted_draft_and_overdue(client):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call = CallPage.objects.get(code="KOMP", locale__language_code="nb")
    labels = [question.label for question in call.report_question_list()]
    assert labels[0] == "Hva har kommunen oppnådd gjennom kurset?"
    lnu = CallPage.objects.get(code="LNUCOIL1")
    assert lnu.report_question_list()[1].label == "Vad lärde sig studenterna av samarbetet?"
    funded = Application.objects.filter(call=call, state__in=reports.REPORTING_STATES)
    found = [(s.state, s.overdue) for s in reports.statuses(list(funded)).values()]
    assert found == [
        ("accepted", False),
        ("submitted", False),
        ("draft", True),
        ("", True),
        ("", True),
        ("", True),
    ]
    # The reminders are history (six 14 days before, five 2 days before, four overdue); their
    # notices (to the municipalities with a coordinator's account) are read, not e-mailed.
    assert ReportReminder.objects.count() == 6 + 5 + 4
    assert ReportReminder.objects.filter(kind="overdue").count() == 4
    notices = Notification.objects.filter(kind__startswith="funding_report")
    count = notices.count()
    # Only Bodø has a coordinator's account; whether it has a place depends on the draw's seed.
    assert bool(count) == funded.filter(institution__short_name="Bodø").exists()
    assert not notices.filter(read_at__isnull=True).exists()
    # The university fund's twelve projects reported in time, accepted by its call manager.
    lnu = FinalReport.objects.filter(application__call__code__startswith="LNUCOIL")
    assert [report.state for report in lnu] == ["accepted"] * 12
    assert not ReportReminder.objects.filter(application__call__code__startswith="LNUCOIL")
    mail.outbox.clear()
    assert reports.send_reminders() == 0

    manager = User.objects.get(username="manager.hkdir")
    client.force_login(manager)
    table = client.get(f"/nb/funding/calls/{call.pk}/applications/", {"report": "overdue"})
    assert table.status_code == 200
    assert table.text.count("data-report-overdue") == 4
    accepted = FinalReport.objects.get(application__call=call, state="accepted")
    assert accepted.decided_by == manager

    before = list(FinalReport.objects.values_list("pk", "state", "updated_at"))
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert list(FinalReport.objects.values_list("pk", "state", "updated_at")) == before
    assert Notification.objects.filter(kind__startswith="funding_report").count() == count
    assert not mail.outbox
