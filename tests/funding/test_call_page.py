"""The call page: its state computed from dates and events, deadline in two zones, languages."""

import datetime

import pytest
from django.utils import timezone

from funding.choices import CallState
from tests.funding.conftest import DEADLINE, OPENS

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


def test_the_state_follows_the_dates_and_the_decision(make_call):
    call = make_call(
        activities_end=datetime.date(2027, 4, 30), report_due=datetime.date(2027, 7, 1)
    )
    assert call.state_at(OPENS - SECOND) == CallState.UPCOMING
    assert call.state_at(OPENS) == CallState.OPEN
    assert call.state_at(DEADLINE) == CallState.OPEN
    assert call.state_at(DEADLINE + SECOND) == CallState.CLOSED
    call.decided_at = DEADLINE + datetime.timedelta(days=5)
    assert call.state_at(DEADLINE + datetime.timedelta(days=6)) == CallState.DECIDED
    # Dates are the funder's (Oslo): 1 May 2027 00:30 there is still 30 April in UTC.
    may_in_oslo = datetime.datetime(2027, 4, 30, 22, 30, tzinfo=datetime.UTC)
    assert call.state_at(may_in_oslo - datetime.timedelta(hours=1)) == CallState.DECIDED
    assert call.state_at(may_in_oslo) == CallState.REPORTING
    assert call.state_at(datetime.datetime(2027, 7, 2, 12, tzinfo=datetime.UTC)) == (
        CallState.FINISHED
    )


@pytest.fixture
def open_call(make_call):
    now = timezone.now()
    return make_call(
        opens_at=now - datetime.timedelta(days=1),
        deadline=now + datetime.timedelta(days=3, hours=2),
    )


def test_an_open_call_shows_a_countdown_and_the_deadline_in_both_zones(client, open_call):
    client.cookies["coil_tz"] = "Asia/Kolkata"
    page = client.get(open_call.url)
    assert page.status_code == 200
    assert 'data-call-state="open"' in page.text
    assert "closes in 3\xa0days" in page.text
    deadline = open_call.deadline
    in_kolkata = timezone.localtime(deadline, datetime.timezone(datetime.timedelta(hours=5.5)))
    assert f"{in_kolkata:%H:%M}</time> (Asia/Kolkata)" in page.text
    in_oslo = timezone.localtime(deadline, open_call.funder.tzinfo)
    assert f"{in_oslo:%H:%M} at the funder (Europe/Oslo)" in page.text
    assert "Start an application" not in page.text  # not signed in
    assert "Sign in as your institution" in page.text


def test_a_viewer_in_the_funders_zone_reads_the_deadline_once(client, open_call):
    client.cookies["coil_tz"] = "Europe/Oslo"
    page = client.get(open_call.url)
    in_oslo = timezone.localtime(open_call.deadline, open_call.funder.tzinfo)
    assert f"{in_oslo:%H:%M}</time> (Europe/Oslo)" in page.text
    assert "at the funder" not in page.text


def test_a_closed_call_has_no_countdown(client, call):
    page = client.get(call.url)
    assert 'data-call-state="closed"' in page.text
    assert "closes in" not in page.text
    assert "Applications are accepted only while the call is open." in page.text


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_the_call_and_its_index_render_in_every_language(client, call, home_pages, language):
    if language != "en":
        locale = home_pages[language].locale
        call.get_parent().specific.copy_for_translation(locale).save_revision().publish()
        call = call.copy_for_translation(locale)
        call.save_revision().publish()
    page = client.get(call.url)
    assert call.url.startswith(f"/{language}/")
    assert page.status_code == 200
    assert f'lang="{language}"' in page.text
    assert "NOK 50" in page.text
    index = client.get(call.get_parent().url)
    assert index.status_code == 200
    assert call.title in index.text


def test_user_written_text_is_escaped(client, make_call):
    call = make_call(slug="xss", summary="<script>alert(1)</script>")
    page = client.get(call.url)
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text
