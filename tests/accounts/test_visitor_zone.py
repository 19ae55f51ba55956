"""Visitors choose the zone times are shown in; the footer says which zone that is."""

import bs4
import pytest
from django.conf import settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.TIME_ZONE_COOKIE_NAME
PAGE = "/en/accounts/time-zone/"


def footer_control(response):
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    return soup.select_one("footer [data-time-zone-control]")


def test_the_footer_says_which_zone_times_are_in_and_links_to_change_it(client):
    client.cookies[COOKIE] = "Asia/Kolkata"
    control = footer_control(client.get("/en/accounts/login/?next=/en/"))
    assert " ".join(control.get_text().split()) == "Times in Asia/Kolkata · change time zone"
    assert control["data-source"] == "cookie"
    link = control.find("a")["href"]
    assert link.startswith(PAGE + "?next=") and "login" in link
    # The script that sets the browser's zone is a file of the site, not inline.
    script = control.find_next_sibling("script")
    assert script["type"] == "module" and script["src"].endswith("accounts/zone.js")


def test_without_a_cookie_visitors_see_utc_and_the_script_may_set_it(client):
    control = footer_control(client.get("/en/accounts/login/"))
    assert "Times in UTC" in control.get_text()
    assert control["data-source"] == "default" and control.has_attr("data-reload")


def test_choosing_a_zone_sets_a_lax_cookie_and_returns_to_the_page(client):
    response = client.post(PAGE, {"timezone": "Asia/Kolkata", "next": "/en/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/login/"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "Asia/Kolkata"
    assert cookie["samesite"] == "Lax" and cookie["path"] == "/" and cookie["max-age"]
    assert "Times in Asia/Kolkata" in footer_control(client.get("/en/accounts/login/")).get_text()


def test_a_zone_that_is_not_known_is_refused_and_nothing_is_set(client):
    response = client.post(PAGE, {"timezone": "Mars/Olympus_Mons", "next": "/en/"})
    assert response.status_code == 400
    assert COOKIE not in response.cookies
    assert "Mars/Olympus_Mons" in response.content.decode()


def test_it_returns_only_to_pages_of_the_site(client):
    response = client.post(PAGE, {"timezone": "Europe/Oslo", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_browsers_zone_again_forgets_the_choice(client):
    client.cookies[COOKIE] = "Asia/Kolkata"
    response = client.post(PAGE, {"reset": "1", "next": "/en/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "" and response.cookies[COOKIE]["samesite"] == "Lax"


def test_the_form_works_without_javascript_and_offers_every_zone(client):
    client.cookies[COOKIE] = "Europe/Stockholm"
    soup = bs4.BeautifulSoup(client.get(PAGE + "?next=/sv/").content, "html.parser")
    form = soup.select_one("main form")
    assert form["method"] == "post" and form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.find("input", attrs={"name": "timezone"})["value"] == "Europe/Stockholm"
    assert form.find("input", attrs={"name": "next"})["value"] == "/sv/"
    assert soup.select_one("datalist#timezone-names option[value='Asia/Kolkata']")


def test_people_signed_in_change_their_zone_on_their_profile(client):
    user = UserFactory(timezone="Asia/Kolkata")
    client.force_login(user)
    client.cookies[COOKIE] = "America/New_York"  # a visitor's choice on this browser
    control = footer_control(client.get("/en/accounts/profile/"))
    assert "Times in Asia/Kolkata" in control.get_text()
    assert control["data-source"] == "profile"
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/#id_timezone"
