"""Two "Start an application" at once by the same coordinator end on the one draft."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from funding import services
from funding.models import Application
from funding.services import start_application
from tests.conftest import ensure_migration_rows
from tests.funding.conftest import municipality

DAY = datetime.timedelta(days=1)


@pytest.fixture
def open_call(make_call):
    now = timezone.now().replace(second=0, microsecond=0)
    return make_call(opens_at=now - DAY, deadline=now + 30 * DAY)


@pytest.fixture
def migration_rows(db):
    ensure_migration_rows()  # an earlier transactional test's flush removed them


@pytest.mark.django_db(transaction=True)
def test_two_starts_in_the_same_instant_both_open_the_one_draft(
    migration_rows, open_call, bodo_coordinator
):
    barrier = threading.Barrier(2)
    responses, errors = [], []

    def start():
        try:
            client = Client(raise_request_exception=True)
            client.force_login(bodo_coordinator)
            barrier.wait()
            responses.append(client.post(f"/en/funding/calls/{open_call.pk}/apply/"))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    application = Application.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r.url for r in responses} == {f"/en/funding/applications/{application.pk}/"}
    assert application.events.count() == 1


@pytest.mark.django_db
def test_a_start_that_meets_a_draft_made_meanwhile_returns_that_draft(
    monkeypatch, open_call, bodo, bodo_coordinator
):
    """The other request's draft was not there yet when this one looked for it."""
    theirs = Application.objects.create(call=open_call, institution=bodo, reference="KOMM-X")
    looks = []
    look = services.live_application

    def missed_at_first(call, institution):
        looks.append(call)
        return None if len(looks) == 1 else look(call, institution)

    monkeypatch.setattr(services, "live_application", missed_at_first)
    assert start_application(open_call, bodo, bodo_coordinator) == theirs
    assert Application.objects.count() == 1
    # The number this start took is given back: the next application gets it.
    other = start_application(open_call, municipality("Alta kommune"), None)
    assert other.reference.endswith("-0001")
