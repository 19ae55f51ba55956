"""Decisions after a draw: telling the outcome, accepting, declining, lapsing."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from funding import allocation, decisions
from funding.choices import ApplicationState
from funding.models import Application, ApplicationEvent, Draw
from funding.services import ApplicationRefused, start_application, submit_application
from funding.tasks import lapse_unanswered_places
from notifications.models import Notification
from notifications.presentation import notification_text
from notifications.schedule import periodic_tasks
from tests.conftest import ensure_migration_rows
from tests.factories import UserFactory
from tests.funding.conftest import WHILE_OPEN, coordinator, municipality
from tests.funding.helpers import complete

pytestmark = pytest.mark.django_db
TOWNS = ["Alta", "Bodø", "Bergen", "Harstad", "Molde", "Narvik"]
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def drawn(make_call, django_capture_on_commit_callbacks):
    """Six eligible applications, each with its own coordinator; a draw of two places.

    Returns the applications in the draw's order (the first two awarded, four waiting)
    and each one's coordinator by reference.
    """
    call = make_call(places=2, acceptance_days=10)
    people = {}
    for town in TOWNS:
        institution = municipality(f"{town} kommune")
        person = coordinator(institution, f"coordinator.{town.lower()}", timezone="Asia/Tokyo")
        application = complete(start_application(call, institution, person, now=WHILE_OPEN))
        submit_application(application, person, now=WHILE_OPEN)
        people[application.reference] = person
    manager = UserFactory(username="manager", is_superuser=True)
    allocation.freeze_eligible(call, manager)
    with django_capture_on_commit_callbacks(execute=True):
        draw = allocation.run_draw(call, manager)
    in_order = [Application.objects.get(reference=reference) for reference in draw.order]
    return in_order, people


def notices(kind, person):
    return list(Notification.objects.filter(kind=kind, recipient=person))


def state(application):
    return Application.objects.get(pk=application.pk).state


def test_after_the_draw_the_awarded_and_the_waiting_are_told(drawn):
    in_order, people = drawn
    awarded, waiting = in_order[:2], in_order[2:]
    for application in awarded:
        [notice] = notices("funding_awarded", people[application.reference])
        assert notice.target_url == application.get_absolute_url()
        answer_by = Application.objects.get(pk=application.pk).answer_by
        assert answer_by == Draw.objects.get().drawn_at + datetime.timedelta(days=10)
        with timezone.override("Asia/Tokyo"):
            text = notification_text(notice)
        assert application.reference in text and "accept or decline it by" in text
        assert "(Asia/Tokyo)" in text
    for number, application in enumerate(waiting, start=1):
        [notice] = notices("funding_waiting", people[application.reference])
        assert f"is number {number} on the waiting list" in notification_text(notice)
    # Nobody hears of another's outcome, and everyone gets an e-mail at once.
    assert Notification.objects.count() == len(in_order)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people.values())


def test_a_decline_over_the_page_promotes_the_first_waiting_and_tells_them(
    drawn, client, django_capture_on_commit_callbacks
):
    in_order, people = drawn
    declining, first_waiting, second_waiting = in_order[0], in_order[2], in_order[3]
    client.force_login(people[declining.reference])
    page = client.get(declining.get_absolute_url()).content.decode()
    assert "Accept the place" in page and "Decline the place" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/funding/applications/{declining.pk}/decline/")
    assert response.status_code == 302
    assert state(declining) == ApplicationState.DECLINED
    event = ApplicationEvent.objects.filter(application=declining).last()
    assert (event.actor, event.from_state, event.to_state) == (
        people[declining.reference],
        ApplicationState.AWARDED,
        ApplicationState.DECLINED,
    )
    promoted = Application.objects.get(pk=first_waiting.pk)
    assert promoted.state == ApplicationState.AWARDED and promoted.answer_by > timezone.now()
    assert state(second_waiting) == ApplicationState.WAITING
    person = people[first_waiting.reference]
    [notice] = notices("funding_promoted", person)
    assert first_waiting.reference in notification_text(notice)
    [message] = mail.outbox
    assert message.to == [person.email] and first_waiting.reference in message.subject
    # A second answer is refused.
    response = client.post(f"/en/funding/applications/{declining.pk}/accept/")
    assert response.status_code == 400
    assert "already been answered" in response.content.decode()
    assert state(declining) == ApplicationState.DECLINED


def test_two_declines_promote_the_first_two_waiting_in_order(drawn):
    in_order, people = drawn
    for application in in_order[:2]:
        decisions.decline_place(application, people[application.reference])
    assert [state(a) for a in in_order] == [
        ApplicationState.DECLINED,
        ApplicationState.DECLINED,
        ApplicationState.AWARDED,
        ApplicationState.AWARDED,
        ApplicationState.WAITING,
        ApplicationState.WAITING,
    ]
    assert Notification.objects.filter(kind="funding_promoted").count() == 2


def test_accepting_after_the_answer_deadline_is_refused_and_changes_nothing(drawn, client):
    in_order, people = drawn
    application, person = in_order[0], people[in_order[0].reference]
    answer_by = Application.objects.get(pk=application.pk).answer_by
    events = ApplicationEvent.objects.count()
    with pytest.raises(ApplicationRefused, match="has passed"):
        decisions.accept_place(application, person, now=answer_by + SECOND)
    # Over the page, once the deadline is behind us: no buttons, a refusal, nothing changed.
    Application.objects.filter(pk=application.pk).update(
        answer_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(person)
    assert "Accept the place" not in client.get(application.get_absolute_url()).content.decode()
    response = client.post(f"/en/funding/applications/{application.pk}/accept/")
    assert response.status_code == 400
    assert "The answer deadline" in response.content.decode()
    assert state(application) == ApplicationState.AWARDED
    assert ApplicationEvent.objects.count() == events
    # At the deadline itself the answer is on time.
    other = in_order[1]
    on_time = Application.objects.get(pk=other.pk).answer_by
    decisions.accept_place(other, people[other.reference], now=on_time)
    assert state(other) == ApplicationState.ACCEPTED


def test_a_waiting_application_cannot_be_accepted(drawn):
    in_order, people = drawn
    with pytest.raises(ApplicationRefused, match="Only an awarded place"):
        decisions.accept_place(in_order[2], people[in_order[2].reference])
    assert state(in_order[2]) == ApplicationState.WAITING


def test_a_coordinator_of_another_institution_gets_404(drawn, client):
    in_order, people = drawn
    stranger = people[in_order[1].reference]
    client.force_login(stranger)
    for answer in ("accept", "decline"):
        response = client.post(f"/en/funding/applications/{in_order[0].pk}/{answer}/")
        assert response.status_code == 404
    assert state(in_order[0]) == ApplicationState.AWARDED
    assert state(in_order[2]) == ApplicationState.WAITING


def test_the_lapse_task_lapses_and_promotes_once_when_run_twice(drawn):
    in_order, _people = drawn
    overdue = in_order[0]
    Application.objects.filter(pk=overdue.pk).update(
        answer_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    # The schedule runs it every minute; here twice, as a restarted schedule might.
    assert lapse_unanswered_places in periodic_tasks()
    lapse_unanswered_places.enqueue()
    lapse_unanswered_places.enqueue()
    assert state(overdue) == ApplicationState.LAPSED
    [lapse] = ApplicationEvent.objects.filter(application=overdue, to_state=ApplicationState.LAPSED)
    assert lapse.actor is None
    assert [state(a) for a in in_order[1:4]] == [
        ApplicationState.AWARDED,  # not overdue: untouched
        ApplicationState.AWARDED,  # the first waiting, promoted once
        ApplicationState.WAITING,
    ]
    assert Notification.objects.filter(kind="funding_promoted").count() == 1


@pytest.fixture
def migration_rows(db):
    ensure_migration_rows()  # an earlier transactional test's flush removed them


@pytest.mark.django_db(transaction=True)
def test_two_declines_at_once_promote_two_different_waiting(migration_rows, drawn):
    in_order, people = drawn
    barrier = threading.Barrier(2)
    errors = []

    def decline(application):
        try:
            barrier.wait()
            decisions.decline_place(application, people[application.reference])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=decline, args=(a,)) for a in in_order[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [state(a) for a in in_order[2:]] == [
        ApplicationState.AWARDED,
        ApplicationState.AWARDED,
        ApplicationState.WAITING,
        ApplicationState.WAITING,
    ]
    promotions = ApplicationEvent.objects.filter(
        from_state=ApplicationState.WAITING, to_state=ApplicationState.AWARDED
    )
    assert promotions.count() == 2


def test_a_place_awarded_before_answer_deadlines_existed_can_still_be_answered(drawn):
    in_order, people = drawn
    Application.objects.filter(pk=in_order[0].pk).update(answer_by=None)
    decisions.lapse_unanswered()
    assert state(in_order[0]) == ApplicationState.AWARDED  # no deadline: nothing lapses
    decisions.accept_place(in_order[0], people[in_order[0].reference])
    assert state(in_order[0]) == ApplicationState.ACCEPTED
