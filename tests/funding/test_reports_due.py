"""Final reports: overdue in the funder's zone, reminders sent once, the figures counted."""
# ruff: noqa: F811 - the fixtures of reports_helpers are imported, then asked for by name

import csv
import datetime
import io
import threading

import pytest
from django.db import connection
from django.utils import timezone

from funding import reports
from funding.models import FinalReport, ReportReminder
from funding.tasks import send_report_reminders
from notifications.models import Notification
from notifications.presentation import notification_text
from notifications.schedule import periodic_tasks
from tests.conftest import ensure_migration_rows
from tests.factories import UserFactory
from tests.funding.conftest import coordinator, municipality
from tests.funding.reports_helpers import (  # noqa: F401 - fixtures
    COMPLETE,
    LATE_FROM,
    REPORT_DUE,
    accepted,
    funded,
    manager,
    report_call,
    report_url,
)

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def signed_in(client, person):
    client.force_login(person)
    return client


def test_overdue_from_the_day_after_the_due_date_in_the_funders_zone(
    client, clock, accepted, bodo_coordinator, manager
):
    # The coordinator reads in New York, where it is still 30 September at 22:00 UTC.
    table_url = f"/en/funding/calls/{accepted.call_id}/applications/"
    clock(LATE_FROM - SECOND)  # 23:59:59 on the due date in Oslo
    page = signed_in(client, bodo_coordinator).get(report_url(accepted))
    assert "data-report-overdue" not in page.text
    assert "30 September 2026, by the end of the day at the funder (Europe/Oslo)" in page.text
    assert "in your zone (America/New_York)" in page.text
    assert "data-report-overdue" not in client.get(accepted.get_absolute_url()).text
    clock(LATE_FROM)  # midnight in Oslo: 1 October
    for url in [report_url(accepted), accepted.get_absolute_url()]:
        text = client.get(url).text
        assert "data-report-overdue" in text
        assert "The final report is overdue." in text
    client.force_login(manager)
    assert "data-report-overdue" in client.get(table_url).text
    overdue_only = client.get(table_url, {"report": "overdue"})
    assert accepted.reference in overdue_only.text
    rows = list(csv.reader(io.StringIO(client.get(table_url, {"format": "csv"}).text)))
    header, row = rows[0], rows[1]
    assert row[header.index("Final report")] == "Not started"
    assert row[header.index("Final report overdue")] == "yes"
    # A submitted report is no longer overdue.
    clock(LATE_FROM + DAY)
    signed_in(client, bodo_coordinator).post(report_url(accepted), {**COMPLETE, "action": "submit"})
    assert "data-report-overdue" not in client.get(report_url(accepted)).text
    client.force_login(manager)
    assert accepted.reference not in client.get(table_url, {"report": "overdue"}).text
    assert accepted.reference in client.get(table_url, {"report": "submitted"}).text


def test_an_unknown_report_filter_is_refused(client, accepted, manager):
    client.force_login(manager)
    response = client.get(f"/en/funding/calls/{accepted.call_id}/applications/", {"report": "lost"})
    assert response.status_code == 400


def reminders(kind, person):
    return list(Notification.objects.filter(kind=kind, recipient=person))


def test_reminders_14_and_2_days_before_and_the_day_after_each_once(
    accepted, bodo_coordinator, django_capture_on_commit_callbacks
):
    oslo = accepted.call.funder.tzinfo
    at = lambda day, hour: datetime.datetime.combine(day, datetime.time(hour), tzinfo=oslo)  # noqa: E731
    # Before the window: nothing.
    assert reports.send_reminders(now=at(REPORT_DUE - 15 * DAY, 23)) == 0
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert reports.send_reminders(now=at(REPORT_DUE - 14 * DAY, 0)) == 1
        assert reports.send_reminders(now=at(REPORT_DUE - 14 * DAY, 9)) == 0
        assert reports.send_reminders(now=at(REPORT_DUE - 3 * DAY, 9)) == 0
    [due] = reminders("funding_report_due", bodo_coordinator)
    assert due.target_url == report_url(accepted)
    with timezone.override("America/New_York"):
        text = notification_text(due)
    assert f"application {accepted.reference}" in text
    assert "is due by 30 September 2026, 17:59 (America/New_York)" in text
    assert reports.send_reminders(now=at(REPORT_DUE - 2 * DAY, 8)) == 1
    assert reports.send_reminders(now=at(REPORT_DUE, 23)) == 0  # the due day: not overdue yet
    assert len(reminders("funding_report_due", bodo_coordinator)) == 2
    assert not reminders("funding_report_overdue", bodo_coordinator)
    assert reports.send_reminders(now=LATE_FROM) == 1
    assert reports.send_reminders(now=LATE_FROM + 30 * DAY) == 0
    [overdue] = reminders("funding_report_overdue", bodo_coordinator)
    assert "is overdue" in notification_text(overdue)
    assert sorted(ReportReminder.objects.values_list("kind", flat=True)) == [
        "due_14",
        "due_2",
        "overdue",
    ]


def test_the_scheduled_task_run_twice_sends_once_and_none_for_submitted_reports(
    clock, report_call, accepted, bodo_coordinator
):
    assert send_report_reminders in periodic_tasks()
    tromso = municipality("Tromsø kommune")
    done = funded(report_call, tromso, coordinator(tromso, "coordinator.tromso"))
    FinalReport.objects.create(application=done, state="submitted")
    clock(LATE_FROM + DAY)
    send_report_reminders.enqueue()
    send_report_reminders.enqueue()
    assert Notification.objects.filter(kind="funding_report_overdue").count() == 1
    assert reminders("funding_report_overdue", bodo_coordinator)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_reminder(accepted, bodo_coordinator):
    ensure_migration_rows()
    barrier = threading.Barrier(2)
    sent = []

    def run():
        try:
            barrier.wait()
            sent.append(reports.send_reminders(now=LATE_FROM))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(sent) == [0, 1]
    assert len(reminders("funding_report_overdue", bodo_coordinator)) == 1


def test_accepted_reports_count_in_the_figures_managers_and_coordinators_see(
    client, accepted, bodo_coordinator, manager
):
    client.force_login(bodo_coordinator)
    client.post(report_url(accepted), {**COMPLETE, "action": "submit"})
    # Only once accepted do the figures count.
    participation = client.get("/en/participation/")
    assert 'data-reported="pupils"' not in participation.text
    client.force_login(manager)
    client.post(report_url(accepted) + "decide/", {"decision": "accept"})
    table = client.get(f"/en/funding/calls/{accepted.call_id}/applications/")
    assert 'data-reported="pupils">120<' in table.text
    assert 'data-reported="staff">8<' in table.text
    assert 'data-reported="institutions">3<' in table.text
    assert "NOK 48" in table.text
    client.force_login(bodo_coordinator)
    participation = client.get("/en/participation/")
    assert participation.status_code == 200
    assert 'data-reported="pupils">120<' in participation.text
    assert "Pupils and students taking part: 120 (0 enrolled" in participation.text
    # A coordinator of another institution does not see Bodø's figures; an editor does.
    client.force_login(coordinator(municipality("Alta kommune"), "coordinator.alta"))
    assert 'data-reported="pupils"' not in client.get("/en/participation/").text
    client.force_login(UserFactory(username="editor", roles=["Editors"]))
    assert 'data-reported="pupils">120<' in client.get("/en/participation/").text
