"""The allocation by draw: the secret seed, freezing the eligible list, drawing once."""

import datetime
import hashlib
import hmac
import threading

import pytest
from django.db import connection

from funding import allocation
from funding.choices import ApplicationState, CallState
from funding.draw import verify
from funding.models import Application, ApplicationEvent, CallPage, Draw
from funding.services import start_application, submit_application
from tests.factories import UserFactory
from tests.funding.conftest import DEADLINE, WHILE_OPEN, municipality
from tests.funding.helpers import complete

pytestmark = pytest.mark.django_db
AFTER = DEADLINE + datetime.timedelta(days=2)
LATER = AFTER + datetime.timedelta(days=1)
TOWNS = ["Alta", "Bodø", "Bergen", "Harstad", "Molde", "Narvik", "Tromsø", "Vadsø"]


@pytest.fixture
def applications(call):
    """Eight eligible applications, one submitted that fails a check, one left a draft."""
    eligible = []
    for town in TOWNS:
        application = complete(
            start_application(call, municipality(f"{town} kommune"), None, now=WHILE_OPEN)
        )
        eligible.append(submit_application(application, None, now=WHILE_OPEN))
    short = complete(
        start_application(call, municipality("Hamar kommune"), None, now=WHILE_OPEN), leaders=1
    )
    short = submit_application(short, None, now=WHILE_OPEN)
    draft = start_application(call, municipality("Lom kommune"), None, now=WHILE_OPEN)
    return eligible, short, draft


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", is_superuser=True)


def test_a_draw_call_gets_a_secret_seed_when_made_and_a_review_call_none(call, make_call):
    draw = Draw.objects.get(call=call)
    assert len(draw.seed) == 64
    assert allocation.record_of(call)["seed"] is None
    review = make_call(slug="review", code="REV", allocation="review")
    assert not Draw.objects.filter(call=review).exists()
    # Saving the page again keeps the seed it was given.
    call.save_revision().publish()
    assert Draw.objects.get(call=call).seed == draw.seed


def test_freezing_refuses_before_the_deadline_and_a_second_time(call, manager, applications):
    with pytest.raises(allocation.DrawRefused, match="has not passed"):
        allocation.freeze_eligible(call, manager, now=DEADLINE)
    draw = allocation.freeze_eligible(call, manager, now=AFTER)
    eligible, short, draft = applications
    assert draw.eligible == sorted(a.reference for a in eligible)
    assert short.reference not in draw.eligible and draft.reference not in draw.eligible
    assert draw.frozen_by == manager
    with pytest.raises(allocation.DrawRefused, match="cannot be changed"):
        allocation.freeze_eligible(call, manager, now=LATER)
    assert Draw.objects.get(call=call).eligible == draw.eligible


def test_the_draw_refuses_before_the_deadline_before_freezing_and_twice(
    call, manager, applications
):
    with pytest.raises(allocation.DrawRefused, match="deadline has not passed"):
        allocation.run_draw(call, manager, now=DEADLINE)
    with pytest.raises(allocation.DrawRefused, match="Freeze the eligible list first"):
        allocation.run_draw(call, manager, now=AFTER)
    allocation.freeze_eligible(call, manager, now=AFTER)
    first = allocation.run_draw(call, manager, now=LATER)
    with pytest.raises(allocation.DrawRefused, match="cannot be made again"):
        allocation.run_draw(call, manager, now=LATER + datetime.timedelta(hours=1))
    assert Draw.objects.get(call=call).order == first.order
    assert ApplicationEvent.objects.filter(to_state=ApplicationState.AWARDED).count() == 6


def test_the_draw_awards_the_first_places_and_records_who_and_when(call, manager, applications):
    allocation.freeze_eligible(call, manager, now=AFTER)
    draw = allocation.run_draw(call, manager, now=LATER)
    call = CallPage.objects.get(pk=call.pk)
    assert call.decided_at == LATER
    assert call.state_at(LATER) == CallState.DECIDED
    states = dict(Application.objects.filter(call=call).values_list("reference", "state"))
    assert [states[r] for r in draw.order] == ["awarded"] * 6 + ["waiting"] * 2
    eligible, short, draft = applications
    assert states[short.reference] == "submitted" and states[draft.reference] == "draft"
    event = ApplicationEvent.objects.get(
        application__reference=draw.order[0], to_state=ApplicationState.AWARDED
    )
    assert (event.actor, event.at, event.from_state) == (manager, LATER, "submitted")


def test_the_record_after_the_draw_checks_out_and_recomputes_with_the_standard_library(
    call, manager, applications
):
    allocation.freeze_eligible(call, manager, now=AFTER)
    allocation.run_draw(call, manager, now=LATER)
    record = allocation.record_of(call)
    assert verify(record) == []
    seed = Draw.objects.get(call=call).seed
    assert record["seed"] == seed
    assert hashlib.sha256(seed.encode()).hexdigest() == record["seed_commitment"]
    eligible = sorted(a.reference for a in applications[0])
    listed = hashlib.sha256("\n".join(eligible).encode()).hexdigest()
    key = hashlib.sha256(f"{seed}:{record['beacon']}:{listed}".encode()).digest()
    by_rank = sorted(eligible, key=lambda r: hmac.new(key, r.encode(), hashlib.sha256).hexdigest())
    assert record["order"] == by_rank
    assert record["awarded"] == by_rank[:6]
    assert record["drawn_at"] == LATER.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_revision_published_after_the_draw_keeps_the_decision(call, manager, applications):
    allocation.freeze_eligible(call, manager, now=AFTER)
    allocation.run_draw(call, manager, now=LATER)
    page = CallPage.objects.get(pk=call.pk)
    page.latest_revision.as_object().save_revision().publish()
    assert CallPage.objects.get(pk=call.pk).decided_at == LATER


def test_the_beacon_can_be_set_only_before_the_call_opens(make_call, manager):
    upcoming = make_call(
        slug="later",
        code="LATER",
        opens_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
        deadline=datetime.datetime(2030, 2, 1, tzinfo=datetime.UTC),
    )
    allocation.set_beacon(upcoming, " drand round 9000000 ", manager)
    assert allocation.record_of(upcoming)["beacon"] == "drand round 9000000"
    with pytest.raises(allocation.DrawRefused, match="has opened"):
        allocation.set_beacon(upcoming, "other", manager, now=upcoming.opens_at)


@pytest.mark.django_db(transaction=True)
def test_two_managers_drawing_at_once_make_one_draw(call, manager, applications):
    allocation.freeze_eligible(call, manager, now=AFTER)
    other = UserFactory(username="other.manager", is_superuser=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def draw(user):
        try:
            barrier.wait()
            allocation.run_draw(call, user, now=LATER)
            outcomes.append("drawn")
        except allocation.DrawRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=draw, args=(user,)) for user in (manager, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["drawn", "refused"]
    assert ApplicationEvent.objects.filter(to_state=ApplicationState.AWARDED).count() == 6
    assert ApplicationEvent.objects.filter(to_state=ApplicationState.WAITING).count() == 2
