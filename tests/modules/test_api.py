"""Modules in Wagtail's pages API (/api/v2/pages/)."""

import pytest

pytestmark = pytest.mark.django_db

FIELDS = (
    "summary,mode,sector,tags,working_languages,learning_outcomes,credits,start_date,end_date,"
    "partners,teachers,sessions,enrolment_state"
)


def test_the_pages_api_lists_published_modules_with_their_fields(client, outdoor_play, make_module):
    make_module(title="Draft only", slug="draft-only", publish=False)
    response = client.get(f"/api/v2/pages/?type=modules.CourseModulePage&fields={FIELDS}")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Outdoor play across cultures"]
    module = items[0]
    assert module["meta"]["type"] == "modules.CourseModulePage"
    assert module["mode"] == "coil"
    assert module["start_date"] == "2027-02-22"
    assert module["learning_outcomes"] == ["Compare outdoor play", "Plan an activity together"]
    assert module["working_languages"] == [{"code": "en", "name": "English"}]
    assert sorted((p["short_name"], p["country"], p["timezone"]) for p in module["partners"]) == [
        ("OsloMet", "NO", "Europe/Oslo"),
        ("UCLL", "BE", "Europe/Brussels"),
    ]
    assert {(t["name"], t["institution"], t["is_lead"]) for t in module["teachers"]} == {
        ("Ingrid Hansen", "OsloMet", True),
        ("Pieter Janssens", "UCLL", True),
    }
    assert [(s["title"], s["starts_at"]) for s in module["sessions"]] == [
        ("Kick-off", "2027-02-23T12:00:00Z"),
        ("Final presentations", "2027-03-30T11:00:00Z"),
    ]
    assert module["enrolment_state"] == "running"


def test_the_api_keeps_codes_and_meeting_links_private(client, outdoor_play):
    detail = client.get(f"/api/v2/pages/{outdoor_play.pk}/").json()
    text = str(detail)
    assert outdoor_play.invitation_code not in text
    assert "meet.example.org" not in text
    response = client.get("/api/v2/pages/?type=modules.CourseModulePage&fields=invitation_code")
    assert response.status_code == 400
