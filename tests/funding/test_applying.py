"""A coordinator drafts, builds the project group, answers and submits, over HTTP."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from funding.choices import ApplicationState
from funding.models import Application
from funding.services import start_application
from tests.factories import UserFactory
from tests.funding.conftest import DEADLINE, WHILE_OPEN, coordinator, municipality
from tests.funding.helpers import complete

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def clock(monkeypatch):
    """The server's clock, set by the test."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    set_to(WHILE_OPEN)
    return set_to


def sign_in(client, user):
    """Sign in with a session that outlives the clock the tests move forward."""
    client.force_login(user)
    Session.objects.update(expire_date=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC))
    return client


@pytest.fixture
def signed_in(client, bodo_coordinator):
    return sign_in(client, bodo_coordinator)


def test_a_coordinator_drafts_adds_members_answers_and_submits(clock, signed_in, call):
    response = signed_in.post(f"/en/funding/calls/{call.pk}/apply/")
    application = Application.objects.get()
    assert response.url == f"/en/funding/applications/{application.pk}/"
    assert application.reference == "KOMM-2026-0001"
    assert application.state == ApplicationState.DRAFT

    page = signed_in.get(response.url)
    assert "Needs at least 1 in Administrative leadership, has 0" in page.text

    for name, category in [
        ("Anne", "cat-admin"),
        ("Bjørn", "cat-department"),
        ("Cecilie", "cat-leadership"),
        ("David", "cat-leadership"),
    ]:
        signed_in.post(
            f"/en/funding/applications/{application.pk}/members/",
            {"name": name, "role": "Head", "email": "x@example.org", "category": category},
        )
    signed_in.post(
        response.url,
        {"title": "Partners abroad", "q-motivation": "Because.", "q-schools": "7"},
    )
    page = signed_in.get(response.url)
    assert "Every category has the members it needs." in page.text
    assert "Every required question is answered." in page.text

    submitted = signed_in.post(f"/en/funding/applications/{application.pk}/submit/")
    assert submitted.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.submitted_at == WHILE_OPEN
    assert [(e.from_state, e.to_state) for e in application.events.all()] == [
        ("", "draft"),
        ("draft", "submitted"),
    ]
    assert all(event.actor.username == "coordinator.bodo" for event in application.events.all())


def test_the_deadline_itself_is_on_time(clock, signed_in, call, bodo):
    application = complete(start_application(call, bodo, None, now=WHILE_OPEN))
    clock(DEADLINE)
    response = signed_in.post(f"/en/funding/applications/{application.pk}/submit/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    # Frozen at submission: still "in time" when read after the deadline.
    clock(DEADLINE + datetime.timedelta(days=3))
    page = signed_in.get(f"/en/funding/applications/{application.pk}/")
    assert "Submitted before the deadline" in page.text
    assert "has passed" not in page.text


def test_one_second_late_is_refused_with_the_deadline_in_the_applicants_zone(
    clock, signed_in, call, bodo
):
    application = complete(start_application(call, bodo, None, now=WHILE_OPEN))
    clock(DEADLINE + SECOND)
    response = signed_in.post(f"/en/funding/applications/{application.pk}/submit/")
    assert response.status_code == 400
    # The coordinator's profile zone is New York: 10:00 in Oslo is 04:00 there.
    assert "The deadline, 24 June 2026, 04:00 (America/New_York), has passed" in response.text
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT
    assert application.submitted_at is None
    assert application.events.count() == 1


def test_an_incomplete_application_cannot_be_submitted(clock, signed_in, call, bodo):
    application = complete(start_application(call, bodo, None, now=WHILE_OPEN))
    application.answers.pop("q-schools")
    application.save()
    response = signed_in.post(f"/en/funding/applications/{application.pk}/submit/")
    assert response.status_code == 400
    assert "Not answered yet: Number of schools." in response.text
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT
    assert application.frozen_checks is None


def test_a_failing_eligibility_check_does_not_stop_submission_but_is_frozen(clock, client, call):
    umea = municipality("Umeå kommun", country="SE")
    client.force_login(coordinator(umea, "coordinator.umea"))
    application = complete(start_application(call, umea, None, now=WHILE_OPEN))
    assert client.post(f"/en/funding/applications/{application.pk}/submit/").status_code == 302
    application.refresh_from_db()
    country = next(row for row in application.frozen_checks if row["key"] == "country")
    assert country["passed"] is False


def test_a_submitted_application_cannot_be_changed(clock, signed_in, call, bodo):
    application = complete(start_application(call, bodo, None, now=WHILE_OPEN))
    signed_in.post(f"/en/funding/applications/{application.pk}/submit/")
    response = signed_in.post(
        f"/en/funding/applications/{application.pk}/", {"title": "Changed afterwards"}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.title == "Learning together across borders"
    response = signed_in.post(
        f"/en/funding/applications/{application.pk}/members/",
        {"name": "Late", "role": "x", "email": "late@example.org", "category": "cat-admin"},
    )
    assert response.status_code == 400
    assert application.members.count() == 4


def test_a_member_needs_a_category_of_the_call(clock, signed_in, call, bodo):
    application = start_application(call, bodo, None, now=WHILE_OPEN)
    response = signed_in.post(
        f"/en/funding/applications/{application.pk}/members/",
        {"name": "X", "role": "Y", "email": "x@example.org", "category": "made-up"},
    )
    assert response.status_code == 400
    assert application.members.count() == 0


def test_withdrawing_is_kept_in_the_history(clock, signed_in, call, bodo):
    application = start_application(call, bodo, None, now=WHILE_OPEN)
    assert signed_in.post(f"/en/funding/applications/{application.pk}/withdraw/").status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    assert application.events.last().to_state == ApplicationState.WITHDRAWN


def test_no_application_can_be_started_after_the_deadline(clock, signed_in, call):
    clock(DEADLINE + SECOND)
    response = signed_in.post(f"/en/funding/calls/{call.pk}/apply/")
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_only_coordinators_start_applications(clock, client, call, bodo):
    teacher = UserFactory(username="teacher.bodo", institution=bodo, roles=["Teachers"])
    client.force_login(teacher)
    assert client.post(f"/en/funding/calls/{call.pk}/apply/").status_code == 403
    assert not Application.objects.exists()


def test_starting_twice_opens_the_same_draft(clock, signed_in, call):
    first = signed_in.post(f"/en/funding/calls/{call.pk}/apply/")
    second = signed_in.post(f"/en/funding/calls/{call.pk}/apply/")
    assert first.url == second.url
    assert Application.objects.count() == 1
