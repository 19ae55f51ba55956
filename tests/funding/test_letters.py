"""The grant letter: for an awarded or accepted application, to those who may see it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from funding.choices import ApplicationState
from funding.models import Application, ApplicationEvent
from funding.services import start_application
from tests.factories import UserFactory
from tests.funding.conftest import WHILE_OPEN, coordinator, municipality

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
# 21 August 2026 01:30 in Oslo; still the 20th in New York, where the coordinator is.
AWARDED_AT = datetime.datetime(2026, 8, 20, 23, 30, tzinfo=UTC)
ANSWER_BY = datetime.datetime(2026, 9, 4, 21, 59, tzinfo=UTC)


@pytest.fixture
def grant_call(make_call):
    return make_call(
        grant_covers_travel=True,
        supplement_cap=25000,
        supplement_purpose="participants with special needs, per gathering",
        obligations="<p>Take part in all four gatherings.</p>",
        report_due=datetime.date(2027, 7, 1),
        contacts=[
            {
                "type": "contact",
                "value": {"name": "Anne Gro Skibenes", "role": "Senior adviser", "email": "a@x.no"},
            }
        ],
    )


def with_state(application, state):
    Application.objects.filter(pk=application.pk).update(
        state=state, title="Bodø in Europe", answer_by=ANSWER_BY
    )
    ApplicationEvent.objects.create(
        application=application, from_state="submitted", to_state="awarded", at=AWARDED_AT
    )
    return application


@pytest.fixture
def awarded(grant_call, bodo):
    return with_state(start_application(grant_call, bodo, None, now=WHILE_OPEN), "awarded")


def letter_url(application):
    return f"/en/funding/applications/{application.pk}/letter/"


def test_the_applicants_coordinator_reads_the_letter_with_amounts_and_dates(
    client, awarded, bodo_coordinator
):
    client.force_login(bodo_coordinator)
    response = client.get(letter_url(awarded))
    assert response.status_code == 200
    text = response.text
    for expected in [
        "Directorate for Higher Education and Skills",
        awarded.reference,
        "Bodø kommune",
        "Bodø in Europe",
        "NOK 50,000; travel costs are covered",
        "up to NOK 25,000: participants with special needs, per gathering",
        "Take part in all four gatherings.",
        "1 July 2027",
        "Anne Gro Skibenes, Senior adviser",
    ]:
        assert expected in text, expected
    # The decision's date is the funder's, not the reader's.
    assert "21 August 2026" in text
    assert 'datetime="2026-08-21"' in text
    # The acceptance deadline, in the funder's zone and named so.
    assert "4 September 2026, 23:59</time> (Europe/Oslo)" in text
    # Printing: the button (shown by the script) and the keyboard way without it.
    assert "data-print hidden" in text
    assert "Ctrl+P" in text
    assert "funding/letter.css" in text


def test_an_accepted_place_has_no_acceptance_deadline_on_its_letter(client, grant_call, bodo):
    accepted = with_state(start_application(grant_call, bodo, None, now=WHILE_OPEN), "accepted")
    client.force_login(coordinator(bodo, "coordinator.bodo2"))
    response = client.get(letter_url(accepted))
    assert response.status_code == 200
    assert "Accept or decline by" not in response.text
    assert "Place accepted" in response.text


@pytest.mark.parametrize(
    "state",
    [
        ApplicationState.DRAFT,
        ApplicationState.SUBMITTED,
        ApplicationState.WAITING,
        ApplicationState.DECLINED,
        ApplicationState.LAPSED,
        ApplicationState.WITHDRAWN,
    ],
)
def test_no_letter_for_an_application_without_a_place(
    client, grant_call, bodo, bodo_coordinator, state
):
    application = start_application(grant_call, bodo, None, now=WHILE_OPEN)
    Application.objects.filter(pk=application.pk).update(state=state)
    client.force_login(bodo_coordinator)
    assert client.get(letter_url(application)).status_code == 404


def test_the_application_page_links_to_the_letter_only_once_there_is_a_place(
    client, grant_call, bodo, bodo_coordinator
):
    application = start_application(grant_call, bodo, None, now=WHILE_OPEN)
    client.force_login(bodo_coordinator)
    assert letter_url(application) not in client.get(application.get_absolute_url()).text
    with_state(application, "awarded")
    assert letter_url(application) in client.get(application.get_absolute_url()).text


def test_not_signed_in_is_sent_to_sign_in(client, awarded):
    response = client.get(letter_url(awarded))
    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/login/")


def test_a_coordinator_of_another_institution_gets_404(client, awarded):
    client.force_login(coordinator(municipality("Tromsø kommune"), "coordinator.tromso"))
    assert client.get(letter_url(awarded)).status_code == 404


def test_a_teacher_of_the_applicant_gets_404(client, awarded, bodo):
    client.force_login(UserFactory(username="teacher.bodo", institution=bodo, roles=["Teachers"]))
    assert client.get(letter_url(awarded)).status_code == 404


def test_a_manager_of_the_call_reads_the_letter(client, awarded, grant_call, funder):
    managers = Group.objects.create(name="Managers of this call")
    GroupPagePermission.objects.create(group=managers, page=grant_call, permission_type="change")
    manager = UserFactory(username="manager", is_staff=True, institution=funder)
    manager.groups.add(managers)
    client.force_login(manager)
    assert client.get(letter_url(awarded)).status_code == 200


def test_a_superuser_reads_the_letter(client, awarded):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(letter_url(awarded)).status_code == 200


def test_staff_who_do_not_manage_the_call_get_404(client, awarded):
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert client.get(letter_url(awarded)).status_code == 404
