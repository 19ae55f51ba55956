"""calendar.ics under the module's URL: RFC 5545, UTC times, stable UIDs, links for participants."""

import datetime

import icalendar
import pytest

from tests.modules.conftest import session

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    return list(calendar.walk("VEVENT"))


def test_the_calendar_round_trips_the_session_times(client, outdoor_play):
    found = events(client.get(outdoor_play.url + "calendar.ics"))
    assert [str(e["SUMMARY"]) for e in found] == [
        "Kick-off · Outdoor play across cultures",
        "Final presentations · Outdoor play across cultures",
    ]
    times = [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in found]
    assert times == [
        (
            datetime.datetime(2027, 2, 23, 12, 0, tzinfo=UTC),
            datetime.datetime(2027, 2, 23, 13, 30, tzinfo=UTC),
        ),
        (
            datetime.datetime(2027, 3, 30, 11, 0, tzinfo=UTC),
            datetime.datetime(2027, 3, 30, 13, 0, tzinfo=UTC),
        ),
    ]
    # Written in UTC ("Z"), whoever asks.
    assert b"DTSTART:20270223T120000Z" in client.get(outdoor_play.url + "calendar.ics").content


def test_uids_are_stable_and_unique(client, outdoor_play, teachers):
    first = [str(e["UID"]) for e in events(client.get(outdoor_play.url + "calendar.ics"))]
    client.force_login(teachers["oslo"])
    second = [str(e["UID"]) for e in events(client.get(outdoor_play.url + "calendar.ics"))]
    assert first == second
    assert len(set(first)) == 2
    assert all(uid.endswith("@coil-commons") for uid in first)
    # Editing the module keeps the UIDs (the sessions keep their identity).
    page = outdoor_play.get_latest_revision_as_object()
    page.summary = "Changed"
    page.save_revision().publish(skip_permission_checks=True)
    third = [str(e["UID"]) for e in events(client.get(outdoor_play.url + "calendar.ics"))]
    assert third == first


def test_links_only_for_participants(client, outdoor_play, teachers):
    anonymous = events(client.get(outdoor_play.url + "calendar.ics"))
    assert all("meet.example.org" not in e.to_ical().decode() for e in anonymous)
    assert str(anonymous[0]["URL"]).endswith(outdoor_play.url)
    client.force_login(teachers["leuven"])
    response = client.get(outdoor_play.url + "calendar.ics")
    assert response["Cache-Control"].startswith("private")
    listed = events(response)
    assert str(listed[0]["URL"]) == "https://meet.example.org/kick-off"
    assert "Join online: https://meet.example.org/kick-off" in str(listed[0]["DESCRIPTION"])


def test_the_page_links_to_its_calendar(client, outdoor_play):
    html = client.get(outdoor_play.url).content.decode()
    assert f'href="{outdoor_play.url}calendar.ics"' in html


def test_unknown_modules_have_no_calendar(client, outdoor_play):
    assert client.get("/en/modules/no-such-module/calendar.ics").status_code == 404
    url = outdoor_play.url + "calendar.ics"
    assert client.get(url).status_code == 200
    outdoor_play.unpublish()
    assert client.get(url).status_code == 404


def test_control_characters_in_titles_do_not_reach_the_calendar(client, make_module, partners):
    module = make_module(
        title="Outdoor\x7f play\x85 across\x1b[0m cultures",
        slug="outdoor-play-controls",
        partner_list=[partners["oslo"], partners["leuven"]],
        sessions=[
            session(
                "Kick\x01-off\x07\r\ntwo lines\twith a tab\x9b",  # PostgreSQL stores no NUL
                datetime.datetime(2027, 2, 23, 12, 0, tzinfo=UTC),
                datetime.datetime(2027, 2, 23, 13, 30, tzinfo=UTC),
                place="Room\x0b 101\r",
            )
        ],
    )

    response = client.get(module.url + "calendar.ics")

    (event,) = events(response)
    assert str(event["SUMMARY"]) == (
        "Kick-off\ntwo lines\twith a tab · Outdoor play across[0m cultures"
    )
    assert str(event["LOCATION"]) == "Room 101"
    text = response.content.decode()
    # Every line ends in CRLF; no other control character than the tab is left.
    assert all(line for line in text.split("\r\n")[:-1])
    controls = [
        c for c in text.replace("\r\n", "") if c < " " and c != "\t" or "\x7f" <= c <= "\x9f"
    ]
    assert controls == []
    assert "SUMMARY:Kick-off\\ntwo lines\twith a tab" in text
