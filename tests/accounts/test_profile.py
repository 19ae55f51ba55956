"""The profile page: display name, time zone and language, and what bad input does."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import User, timezone_names
from tests.disguises import DISGUISING, name_refusal
from tests.factories import InstitutionFactory, UserFactory


@pytest.fixture
def person(db):
    return UserFactory(
        username="ingrid",
        display_name="Ingrid Hansen",
        timezone="Europe/Oslo",
        language="en",
        institution=InstitutionFactory(name="OsloMet – Oslo Metropolitan University"),
    )


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


def post_profile(client, **changes):
    data = {"display_name": "Ingrid Hansen", "timezone": "Europe/Oslo", "language": "en"}
    data.update(changes)
    return client.post("/en/accounts/profile/", data)


def test_profile_shows_the_current_values(signed_in):
    response = signed_in.get("/en/accounts/profile/")

    assert response.status_code == 200
    form = response.context["form"]
    assert form["display_name"].value() == "Ingrid Hansen"
    assert form["timezone"].value() == "Europe/Oslo"
    assert "Member of OsloMet – Oslo Metropolitan University" in response.content.decode()


def test_profile_saves_name_time_zone_and_language(signed_in, person):
    response = post_profile(
        signed_in, display_name="  Ingrid H.  ", timezone="Asia/Kolkata", language="sv"
    )

    # The page goes on in the language just chosen.
    assert response.status_code == 302
    assert response["Location"] == "/sv/accounts/profile/"
    person.refresh_from_db()
    assert (person.display_name, person.timezone, person.language) == (
        "Ingrid H.",
        "Asia/Kolkata",
        "sv",
    )
    # The next page is in the chosen language and says that the profile was saved.
    page = signed_in.get(response["Location"])
    html = page.content.decode()
    assert '<html lang="sv">' in html
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    assert [str(message) for message in page.context["messages"]] == ["Din profil har sparats."]


@pytest.mark.parametrize("bad", ["Mars/Olympus_Mons", "europe/oslo", "UTC+2", "", "x" * 65])
def test_bad_time_zone_is_refused_and_nothing_changes(signed_in, person, bad):
    response = post_profile(signed_in, display_name="Changed", timezone=bad, language="nb")

    assert response.status_code == 400
    errors = response.context["form"].errors["timezone"]
    assert errors
    if bad and len(bad) <= 64:
        assert errors == [f"“{bad}” is not a time zone. Use an IANA name such as Europe/Oslo."]
    person.refresh_from_db()
    assert (person.display_name, person.timezone, person.language) == (
        "Ingrid Hansen",
        "Europe/Oslo",
        "en",
    )


@pytest.mark.parametrize("bad", ["de", "fr", "nn", "EN", ""])
def test_bad_language_is_refused_and_nothing_changes(signed_in, person, bad):
    response = post_profile(signed_in, display_name="Changed", timezone="UTC", language=bad)

    assert response.status_code == 400
    errors = response.context["form"].errors["language"]
    if bad:
        assert errors == [f"“{bad}” is not a language of this site. Choose one of: en, nb, sv."]
    else:
        assert errors == ["This field is required."]
    person.refresh_from_db()
    assert (person.display_name, person.timezone, person.language) == (
        "Ingrid Hansen",
        "Europe/Oslo",
        "en",
    )


def test_error_is_shown_on_the_page_next_to_the_field(signed_in):
    response = post_profile(signed_in, timezone="Mars/Olympus_Mons")

    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert "“Mars/Olympus_Mons” is not a time zone" in html


def test_display_name_with_markup_is_shown_as_text(signed_in, person):
    post_profile(signed_in, display_name='<script>alert("x")</script>')

    person.refresh_from_db()
    assert person.display_name == '<script>alert("x")</script>'
    html = signed_in.get("/en/accounts/profile/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_profile_changes_only_the_signed_in_person(signed_in, person):
    other = UserFactory(username="other", display_name="Other", timezone="UTC")

    post_profile(signed_in, display_name="Mine", username="other", timezone="Asia/Tokyo")

    other.refresh_from_db()
    assert (other.display_name, other.timezone) == ("Other", "UTC")
    assert User.objects.get(pk=person.pk).display_name == "Mine"


def test_profile_needs_the_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)

    response = post_profile(client, display_name="Forged")

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.display_name == "Ingrid Hansen"


@pytest.mark.parametrize("char", DISGUISING.values(), ids=DISGUISING.keys())
def test_display_name_that_could_disguise_itself_is_refused_and_nothing_changes(
    signed_in, person, char
):
    response = post_profile(signed_in, display_name=f"Ingrid{char}nesnaH", timezone="Asia/Tokyo")

    assert response.status_code == 400
    assert response.context["form"].errors["display_name"] == [name_refusal(char)]
    person.refresh_from_db()
    assert (person.display_name, person.timezone) == ("Ingrid Hansen", "Europe/Oslo")


def test_display_name_is_stored_in_nfc_with_single_spaces(signed_in, person):
    response = post_profile(signed_in, display_name="\tZoe\u0308\n  Lo\u0301pez\u00a0")

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.display_name == "Zoë López"
    assert len(person.display_name) == 9


MONDAY_NOON_UTC = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def monday_noon(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MONDAY_NOON_UTC)


def local_time_line(html):
    """The visible part of the local-time note under the time zone field."""
    note = re.search(r'<p class="local-time".*?</p>', html, re.DOTALL).group(0)
    return [
        re.sub(r"<[^>]+>|\s+", " ", span).split()
        for span in re.findall(r"<span data-(?:known|unknown)>(.*?)</span>", note, re.DOTALL)
    ]


@pytest.mark.parametrize(
    ("language", "zone", "shown"),
    [
        ("en", "Europe/Oslo", "Local time there now: Monday 13:00"),
        ("nb", "Asia/Kolkata", "Lokal tid der nå: mandag 17:30"),
        ("sv", "America/Los_Angeles", "Lokal tid där nu: måndag 04:00"),
    ],
)
def test_time_zone_field_shows_the_local_time_there(
    signed_in, person, monday_noon, language, zone, shown
):
    person.language, person.timezone = language, zone
    person.save()

    html = signed_in.get(f"/{language}/accounts/profile/").content.decode()

    assert local_time_line(html) == [shown.split()]
    assert 'list="timezone-names"' in html
    assert '<option value="Asia/Kolkata">' in html
    assert 'src="/static/accounts/local-time.js"' in html


def test_time_zone_search_list_holds_every_zone_name(signed_in):
    html = signed_in.get("/en/accounts/profile/").content.decode()

    datalist = re.search(r'<datalist id="timezone-names">(.*?)</datalist>', html).group(1)
    assert re.findall(r'<option value="([^"]+)">', datalist) == timezone_names()


def test_bad_time_zone_shows_no_local_time_but_how_to_get_one(signed_in, monday_noon):
    response = post_profile(signed_in, timezone="Mars/Olympus_Mons")

    assert local_time_line(response.content.decode()) == [
        "Choose a time zone from the list to see its local time.".split()
    ]


def test_local_time_follows_a_valid_zone_refused_for_another_reason(signed_in, monday_noon):
    response = post_profile(signed_in, display_name="\u202eevil", timezone="Asia/Tokyo")

    assert response.status_code == 400
    assert local_time_line(response.content.decode()) == [
        "Local time there now: Monday 21:00".split()
    ]
    # The header keeps the saved name.
    assert ">Ingrid Hansen</a>" in response.content.decode()
