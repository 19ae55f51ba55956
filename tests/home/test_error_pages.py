"""Error pages in the site's frame and the visitor's language, with ways on; JSON under /api/."""

import re

import pytest
from django.test import Client, override_settings

from coil_platform.settings import dev as dev_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.home.error_urls")]

LANGUAGES = ["en", "nb", "sv"]


def html_lang(response):
    return re.search(r'<html lang="([^"]+)">', response.content.decode()).group(1)


def assert_ways_on(response, code):
    html = response.content.decode()
    assert f'href="/{code}/"' in html  # the home page in that language
    assert f'href="/{code}/search/"' in html
    assert f'href="/{code}/help/"' in html
    assert f'href="/{code}/accounts/login/' in html or f'href="/{code}/me/"' in html


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_missing_page_is_a_styled_404_in_the_language_of_the_address(client, home_pages, code):
    response = client.get(f"/{code}/does-not-exist/")
    assert response.status_code == 404
    assert html_lang(response) == code
    assert 'class="site-header"' in response.content.decode()  # the site's own frame
    assert_ways_on(response, code)


def test_the_404_speaks_the_cookie_language_at_an_unprefixed_address(client, home_pages):
    client.cookies["django_language"] = "sv"
    response = client.get("/does-not-exist/", follow=True)
    assert response.status_code == 404
    assert html_lang(response) == "sv"


def test_a_signed_in_visitor_is_offered_their_page(client, home_pages, django_user_model):
    person = django_user_model.objects.create_user("ingrid", password="coil-demo-2026")
    client.force_login(person)
    html = client.get("/nb/does-not-exist/").content.decode()
    assert 'href="/nb/me/"' in html and "/en/accounts/login/" not in html


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_fault_is_a_500_page_that_needs_neither_request_nor_database(home_pages, code):
    client = Client(raise_request_exception=False)
    response = client.get(f"/{code}/fails/")
    assert response.status_code == 500
    assert html_lang(response) == code
    assert_ways_on(response, code)


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_forbidden_page_is_a_styled_403(client, home_pages, code):
    response = client.get(f"/{code}/forbidden/")
    assert response.status_code == 403
    assert html_lang(response) == code
    assert 'class="site-header"' in response.content.decode()
    assert_ways_on(response, code)


def test_a_bad_request_is_a_400_page(client, home_pages):
    response = client.get("/nb/suspicious/")
    assert response.status_code == 400
    assert html_lang(response) == "nb"
    assert_ways_on(response, "nb")


def test_the_api_answers_json_errors(client, home_pages):
    missing = client.get("/api/nothing-here/")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found" and missing.json()["detail"]
    page = client.get("/api/v2/pages/999999/")
    assert page.status_code == 404 and page["Content-Type"] == "application/json"
    client.raise_request_exception = False
    fault = client.get("/api/fails/")
    assert fault.status_code == 500 and fault.json()["error"] == "server_error"


def test_collaboration_refusals_share_the_error_page(client, home_pages, django_user_model):
    client.force_login(django_user_model.objects.create_user("ingrid"))
    response = client.get("/en/spaces/999999/")
    assert response.status_code == 404
    assert 'class="card narrow error-page"' in response.content.decode()
    assert_ways_on(response, "en")


def test_in_development_a_missing_page_is_the_styled_404_not_the_debug_page(client, home_pages):
    with override_settings(DEBUG=True, MIDDLEWARE=dev_settings.MIDDLEWARE):
        response = client.get("/nb/does-not-exist/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "DEBUG = True" not in html
    assert html_lang(response) == "nb"
    assert_ways_on(response, "nb")
