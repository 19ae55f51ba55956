"""Shared set-up of the final-report tests: a call with report questions and a funded place."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from funding.models import Application
from funding.services import start_application, submit_application
from tests.factories import UserFactory
from tests.funding.conftest import WHILE_OPEN, coordinator, municipality
from tests.funding.helpers import complete

# Due on 30 September 2026 in Oslo (UTC+2 then): late from 22:00 UTC that day.
REPORT_DUE = datetime.date(2026, 9, 30)
LATE_FROM = datetime.datetime(2026, 9, 30, 22, 0, tzinfo=datetime.UTC)
REPORT_QUESTIONS = [
    {
        "type": "long_text",
        "id": "r-learned",
        "value": {"label": "What did the pupils learn?", "required": True},
    },
    {
        "type": "short_text",
        "id": "r-next",
        "value": {"label": "What comes next?", "required": False},
    },
]
COMPLETE = {
    "r-learned": "To work with partners abroad.",
    "pupils": "120",
    "staff": "8",
    "institutions": "3",
    "amount_spent": "48000",
}


def report_url(application):
    return f"/en/funding/applications/{application.pk}/report/"


def funded(call, institution, person, state="accepted"):
    """A submitted application of `institution`, then put in `state` as a decision would."""
    application = complete(start_application(call, institution, person, now=WHILE_OPEN))
    submit_application(application, person, now=WHILE_OPEN)
    Application.objects.filter(pk=application.pk).update(state=state)
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def report_call(make_call):
    return make_call(report_due=REPORT_DUE, report_questions=REPORT_QUESTIONS)


@pytest.fixture
def accepted(report_call, bodo, bodo_coordinator):
    return funded(report_call, bodo, bodo_coordinator)


@pytest.fixture
def manager(report_call):
    managers = Group.objects.create(name="HK-dir call managers")
    GroupPagePermission.objects.create(group=managers, page=report_call, permission_type="change")
    person = UserFactory(
        username="manager", is_staff=True, timezone="Europe/Oslo", institution=report_call.funder
    )
    person.groups.add(managers)
    return person


@pytest.fixture
def other_coordinator():
    return coordinator(municipality("Tromsø kommune"), "coordinator.tromso")
