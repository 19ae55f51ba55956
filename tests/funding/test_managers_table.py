"""The managers' table: filters by state and by check, and a CSV safe for spreadsheets."""

import csv
import io

import pytest

from funding.services import save_draft, start_application, submit_application
from tests.factories import UserFactory
from tests.funding.conftest import WHILE_OPEN, municipality
from tests.funding.helpers import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(call):
    good = complete(start_application(call, municipality("Bodø kommune"), None, now=WHILE_OPEN))
    submit_application(good, None, now=WHILE_OPEN)
    short = complete(
        start_application(call, municipality("Tromsø kommune"), None, now=WHILE_OPEN), leaders=1
    )
    formula = start_application(call, municipality("=HYPERLINK kommune"), None, now=WHILE_OPEN)
    save_draft(formula, title='=HYPERLINK("http://evil.example","x")', answers={}, files={})
    return good, short, formula


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_table_lists_every_application_with_its_failed_checks(manager, call, applications):
    page = manager.get(f"/en/funding/calls/{call.pk}/applications/")
    for application in applications:
        assert application.reference in page.text
    assert "Needs at least 2 in School/kindergarten leadership, has 1." in page.text


def test_filter_by_failing_check_and_by_state(manager, call, applications):
    good, short, formula = applications
    failing = manager.get(f"/en/funding/calls/{call.pk}/applications/?failing=composition")
    assert short.reference in failing.text
    assert good.reference not in failing.text
    passing = manager.get(f"/en/funding/calls/{call.pk}/applications/?failing=none")
    assert good.reference in passing.text and short.reference not in passing.text
    submitted = manager.get(f"/en/funding/calls/{call.pk}/applications/?state=submitted")
    assert good.reference in submitted.text and formula.reference not in submitted.text


def test_an_unknown_filter_is_refused(manager, call, applications):
    response = manager.get(f"/en/funding/calls/{call.pk}/applications/?failing=bogus")
    assert response.status_code == 400


def test_the_csv_has_a_row_per_application_and_escapes_formulas(manager, call, applications):
    response = manager.get(f"/en/funding/calls/{call.pk}/applications/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0][:2] == ["Reference", "Institution"]
    assert [row[0] for row in rows[1:]] == [a.reference for a in applications]
    formula_row = rows[3]
    assert formula_row[1] == "'=HYPERLINK kommune"
    assert formula_row[3] == '\'=HYPERLINK("http://evil.example","x")'
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_csv_follows_the_filter(manager, call, applications):
    address = f"/en/funding/calls/{call.pk}/applications/?failing=composition&format=csv"
    response = manager.get(address)
    # The good one has its project group; the other two do not.
    assert [row[0] for row in csv_rows(response)[1:]] == [a.reference for a in applications[1:]]
