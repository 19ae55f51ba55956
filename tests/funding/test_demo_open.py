"""The demo's open call: a municipality's coordinator applies to it on the seeded demo site."""

import datetime
import json
import os
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from funding.choices import ApplicationState, CallState
from funding.demo_open import follow_up_dates, open_call_dates
from funding.models import Application, CallPage

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_the_open_call_opens_days_before_the_seeding_day_and_closes_weeks_after():
    zone = datetime.timezone(datetime.timedelta(hours=1))
    opens, deadline = open_call_dates(datetime.date(2026, 12, 3), zone)
    assert opens == datetime.datetime(2026, 11, 30, 9, 0, tzinfo=zone)
    assert deadline == datetime.datetime(2027, 1, 14, 12, 0, tzinfo=zone)
    # The activities and the report follow the deadline, not the earlier call's dates.
    assert follow_up_dates(deadline) == (datetime.date(2027, 11, 18), datetime.date(2028, 1, 20))


def test_the_coordinator_of_bodo_applies_to_the_open_demo_call(client):
    seed()
    call = CallPage.objects.get(code="KOMP2", locale__language_code="nb")
    assert call.state == CallState.OPEN
    english = CallPage.objects.get(translation_key=call.translation_key, locale__language_code="en")
    client.force_login(User.objects.get(username="coordinator.bodo"))

    page = client.get(english.url)
    assert page.status_code == 200
    start = re.search(r'action="(/en/funding/calls/\d+/apply/)"', page.text).group(1)
    response = client.post(start)
    application = Application.objects.get(call=call, institution__short_name="Bodø")
    assert response.url == f"/en/funding/applications/{application.pk}/"
    assert application.reference.startswith("KOMP2-")

    categories = {c.name: c.id for c in call.categories()}
    client.post(
        response.url,
        {
            "title": "Bodø og Europa, ny runde",
            "motivasjon": "Vi vil bruke internasjonalt samarbeid i kvalitetsarbeidet.",
            "forankring": "Kommunalsjefen leder gruppen.",
            "enheter": "14",
            "omrade": "Begge",
        },
    )
    client.post(
        f"{response.url}members/",
        {
            "name": "Siri Johansen",
            "role": "Kommunalsjef",
            "email": "siri@example.org",
            "category": categories["Administrativ ledelse"],
        },
    )
    page = client.get(response.url)
    assert re.search(r'data-check="composition" data-passed="false"', page.text)
    assert "Needs at least 1 in Fagavdeling for skole/barnehage, has 0" in page.text

    for name, category in [
        ("Per Olsen", "Fagavdeling for skole/barnehage"),
        ("Lise Berg", "Barnehage- og/eller skoleledelse"),
        ("Ola Nilsen", "Barnehage- og/eller skoleledelse"),
    ]:
        client.post(
            f"{response.url}members/",
            {"name": name, "role": "Leder", "email": "x@example.org"}
            | {"category": categories[category]},
        )
    page = client.get(response.url)
    assert "Every category has the members it needs." in page.text
    assert client.post(f"{response.url}submit/").status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.submitted_at <= timezone.now() <= call.deadline


def test_seeding_after_the_open_call_closed_moves_its_dates_on(monkeypatch):
    seed()
    call = CallPage.objects.get(code="KOMP2", locale__language_code="nb")
    later = call.deadline + datetime.timedelta(days=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    seed()
    for page in CallPage.objects.filter(translation_key=call.translation_key):
        assert page.is_open_at(later)
        assert page.report_due > page.activities_end > page.deadline.date()


def test_the_call_manager_freezes_and_draws_the_closed_demo_call(client, tmp_path):
    seed()
    call = CallPage.objects.get(code="KOMPH", locale__language_code="nb")
    assert call.state == CallState.CLOSED
    assert Application.objects.filter(call=call, state=ApplicationState.SUBMITTED).count() == 6
    client.force_login(User.objects.get(username="manager.hkdir"))
    table = client.get(f"/nb/funding/calls/{call.pk}/applications/", {"failing": "composition"})
    assert "Molde kommune" in table.text and "Tromsø kommune" not in table.text

    assert client.post(call.url + "draw/", {"action": "freeze"}).status_code == 302
    assert client.post(call.url + "draw/", {"action": "draw"}).status_code == 302
    record = client.get(call.url + "draw.json").json()
    assert len(record["eligible"]) == 5  # Molde's project group is one leader short
    assert len(record["awarded"]) == 3 and len(record["waiting_list"]) == 2
    saved = tmp_path / "draw.json"
    saved.write_text(json.dumps(record), encoding="utf-8")
    call_command("verify_draw", str(saved), stdout=open(os.devnull, "w"))  # noqa: SIM115
    # Seeding again leaves the draw as the manager made it.
    seed()
    assert client.get(call.url + "draw.json").json() == record
