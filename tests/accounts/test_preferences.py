"""A signed-in person's time zone and language follow them around the site."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation

from accounts.middleware import UserPreferencesMiddleware
from tests.factories import UserFactory


def seen_by_view(user, path="/api/me/spaces/", cookies=None):
    """(time zone name, language) active while the view runs for this request."""
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        seen["language"] = translation.get_language()
        return HttpResponse()

    request = RequestFactory().get(path)
    request.user = user
    request.COOKIES.update(cookies or {})
    with translation.override("en"):
        UserPreferencesMiddleware(view)(request)
    return seen["zone"], seen["language"]


@pytest.mark.django_db
def test_signed_in_person_gets_their_time_zone_and_language():
    user = UserFactory(timezone="Asia/Kolkata", language="sv")

    assert seen_by_view(user) == ("Asia/Kolkata", "sv")


@pytest.mark.django_db
def test_anonymous_visitor_sees_utc():
    timezone.activate("Asia/Tokyo")  # left over from an earlier request in this thread
    try:
        assert seen_by_view(AnonymousUser()) == ("UTC", "en")
    finally:
        timezone.deactivate()


@pytest.mark.django_db
def test_language_in_the_address_wins_over_the_preference():
    user = UserFactory(timezone="Europe/Oslo", language="sv")

    assert seen_by_view(user, path="/nb/")[1] == "en"  # LocaleMiddleware's choice stays


@pytest.mark.django_db
def test_language_chosen_with_the_switcher_wins_over_the_preference():
    user = UserFactory(timezone="Europe/Oslo", language="sv")

    cookies = {settings.LANGUAGE_COOKIE_NAME: "nb"}
    assert seen_by_view(user, cookies=cookies)[1] == "en"


@pytest.mark.django_db
def test_preferred_language_is_used_on_addresses_without_a_language_prefix(client):
    user = UserFactory(timezone="Europe/Oslo", language="nb")
    client.force_login(user)

    response = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="sv")

    assert response["Location"] == "/nb/accounts/profile/"
    assert '<html lang="nb">' in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_switching_language_while_signed_in_keeps_the_preference(client):
    user = UserFactory(timezone="Europe/Oslo", language="en")
    client.force_login(user)

    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/en/accounts/profile/"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "sv"


@pytest.mark.django_db
def test_switching_to_an_unknown_language_changes_nothing(client):
    user = UserFactory(timezone="Europe/Oslo", language="en")
    client.force_login(user)

    response = client.post("/i18n/setlang/", {"language": "de", "next": "/en/accounts/profile/"})

    assert response.status_code == 400
    assert "“de” is not a language of this site" in response.content.decode()
    user.refresh_from_db()
    assert user.language == "en"
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


@pytest.mark.django_db
def test_anonymous_visitor_sees_the_zone_of_their_cookie():
    cookies = {settings.TIME_ZONE_COOKIE_NAME: "Asia/Kolkata"}
    assert seen_by_view(AnonymousUser(), cookies=cookies) == ("Asia/Kolkata", "en")


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["Mars/Olympus_Mons", "asia/kolkata", "localtime", "../etc", ""])
def test_a_cookie_naming_no_known_zone_is_ignored(bad):
    assert seen_by_view(AnonymousUser(), cookies={settings.TIME_ZONE_COOKIE_NAME: bad})[0] == "UTC"


@pytest.mark.django_db
def test_a_signed_in_persons_profile_zone_wins_over_the_cookie():
    user = UserFactory(timezone="America/Sao_Paulo", language="en")
    cookies = {settings.TIME_ZONE_COOKIE_NAME: "Asia/Kolkata"}
    assert seen_by_view(user, cookies=cookies)[0] == "America/Sao_Paulo"
