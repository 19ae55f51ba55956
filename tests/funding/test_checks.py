"""Each formal check passes and fails, and says why in words."""

import datetime

import pytest
from django.utils import timezone, translation

from accounts.models import OrganisationKind
from funding.checks import formal_checks
from funding.services import start_application
from tests.funding.conftest import DEADLINE, OPENS, WHILE_OPEN, municipality
from tests.funding.helpers import complete

pytestmark = pytest.mark.django_db


def checks_of(application, now=WHILE_OPEN):
    return {check.key: check for check in formal_checks(application, now=now)}


@pytest.fixture(autouse=True)
def english_in_oslo():
    with translation.override("en"), timezone.override("Europe/Oslo"):
        yield


@pytest.fixture
def draft(call, bodo):
    return start_application(call, bodo, None, now=WHILE_OPEN)


def test_a_complete_application_of_a_norwegian_municipality_passes_every_check(draft):
    checks = checks_of(complete(draft))
    assert [key for key, check in checks.items() if not check.passed] == []
    assert checks["kind"].reason == "Bodø kommune is registered as “Municipality”, which may apply."
    assert checks["country"].reason == "Bodø kommune is in Norway, which may apply."
    assert checks["composition"].reason == "Every category has the members it needs."
    assert checks["in_time"].reason == "The deadline is 24 June 2026, 10:00 (Europe/Oslo)."
    assert checks["complete"].reason == "Every required question is answered."


def test_a_university_is_not_the_kind_the_call_is_open_to(call):
    university = municipality("Nord universitet", kind=OrganisationKind.UNIVERSITY)
    application = complete(start_application(call, university, None, now=WHILE_OPEN))
    check = checks_of(application)["kind"]
    assert not check.passed
    assert check.reason == (
        "Nord universitet is registered as “University or university college”; "
        "this call is open to: Municipality."
    )


def test_a_swedish_municipality_is_in_the_wrong_country(call):
    umea = municipality("Umeå kommun", country="SE", timezone="Europe/Stockholm")
    application = complete(start_application(call, umea, None, now=WHILE_OPEN))
    checks = checks_of(application)
    assert checks["kind"].passed
    assert not checks["country"].passed
    assert checks["country"].reason == ("Umeå kommun is in Sweden; this call is open to: Norway.")


def test_a_call_open_to_everyone_passes_kind_and_country(make_call):
    call = make_call(slug="open", eligible_kinds=[], eligible_countries=[])
    umea = municipality("Umeå kommun", country="SE", kind=OrganisationKind.COMPANY)
    checks = checks_of(start_application(call, umea, None, now=WHILE_OPEN))
    assert checks["kind"].passed and checks["country"].passed
    assert checks["kind"].reason == "Every kind of organisation may apply."


def test_one_leader_short_is_named_with_the_category_and_the_counts(draft):
    checks = checks_of(complete(draft, leaders=1))
    assert not checks["composition"].passed
    assert checks["composition"].reason == (
        "Needs at least 2 in School/kindergarten leadership, has 1."
    )


def test_an_empty_project_group_names_every_category_short(draft):
    reason = checks_of(draft)["composition"].reason
    assert reason == (
        "Needs at least 1 in Administrative leadership, has 0; "
        "needs at least 1 in School/kindergarten department, has 0; "
        "needs at least 2 in School/kindergarten leadership, has 0."
    )


def test_unanswered_required_questions_are_named_and_optional_ones_are_not(draft):
    check = checks_of(draft)["complete"]
    assert not check.passed
    assert check.reason == (
        "Not answered yet: Project title, Why does the municipality apply?, Number of schools."
    )


def test_a_blank_answer_does_not_count(draft):
    complete(draft)
    draft.answers["q-motivation"] = "   "
    assert checks_of(draft)["complete"].reason == (
        "Not answered yet: Why does the municipality apply?."
    )


def test_in_time_until_the_deadline_and_late_after_it(draft):
    assert checks_of(draft, now=DEADLINE)["in_time"].passed
    late = checks_of(draft, now=DEADLINE + datetime.timedelta(seconds=1))["in_time"]
    assert not late.passed
    assert late.reason == "The deadline, 24 June 2026, 10:00 (Europe/Oslo), has passed."
    early = checks_of(draft, now=OPENS - datetime.timedelta(seconds=1))["in_time"]
    assert not early.passed
    assert early.reason == "The call opens 1 May 2026, 10:00 (Europe/Oslo)."


def test_reasons_are_in_the_readers_language_and_zone(draft):
    with translation.override("nb"), timezone.override("Asia/Kolkata"):
        reason = checks_of(draft)["in_time"].reason
    assert "13:30" in reason
    assert "Asia/Kolkata" in reason
    assert "juni" in reason
