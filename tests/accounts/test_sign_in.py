"""Signing in and out with the demo accounts (README, `accounts/demo_data/accounts.toml`)."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

from accounts import demo
from accounts.models import User
from accounts.roles import COORDINATORS, EDITORS, STUDENTS, TEACHERS


@pytest.fixture
def demo_accounts(db):
    demo.seed(lambda line: None)


def sign_in(client, username, password=demo.DEMO_PASSWORD, language="en", **extra):
    return client.post(
        f"/{language}/accounts/login/", {"username": username, "password": password}, **extra
    )


@pytest.mark.parametrize(
    ("username", "role"),
    [
        ("admin", None),
        ("editor", EDITORS),
        ("teacher.oslo", TEACHERS),
        ("teacher.leuven", TEACHERS),
        ("coordinator.oslo", COORDINATORS),
        ("student.oslo1", STUDENTS),
        ("student.leuven3", STUDENTS),
        ("student.kolkata1", STUDENTS),
    ],
)
def test_each_kind_of_demo_account_signs_in(client, demo_accounts, username, role):
    response = sign_in(client, username)

    user = User.objects.get(username=username)
    assert response.status_code == 302
    assert response["Location"] == "/en/me/"  # the my page, in the sign-in page's language
    assert client.session[SESSION_KEY] == str(user.pk)
    # The person's language is remembered for the pages that follow.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == user.language
    if role is None:
        assert user.is_superuser
    else:
        assert user.groups.filter(name=role).exists()


def test_signed_in_person_sees_their_name_and_a_sign_out_button(client, demo_accounts):
    sign_in(client, "teacher.leuven")

    response = client.get("/en/accounts/profile/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pieter Janssens" in html
    assert 'action="/en/accounts/logout/"' in html


def test_wrong_password_gets_a_clear_error_and_no_session(client, demo_accounts):
    response = sign_in(client, "student.oslo1", password="coil-demo-2025")

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_unknown_account_gets_the_same_error(client, demo_accounts):
    response = sign_in(client, "nobody.here")

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_deactivated_account_cannot_sign_in(client, demo_accounts):
    User.objects.filter(username="student.oslo2").update(is_active=False)

    response = sign_in(client, "student.oslo2")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_sign_in_error_in_norwegian(client, demo_accounts):
    response = sign_in(client, "student.oslo1", password="wrong", language="nb")

    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "Please enter a correct username" not in html


def test_sign_in_returns_to_the_page_asked_for(client, demo_accounts):
    response = client.post(
        "/en/accounts/login/",
        {
            "username": "student.oslo1",
            "password": demo.DEMO_PASSWORD,
            "next": "/en/accounts/profile/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/"


def test_sign_in_does_not_redirect_to_another_site(client, demo_accounts):
    response = client.post(
        "/en/accounts/login/",
        {
            "username": "student.oslo1",
            "password": demo.DEMO_PASSWORD,
            "next": "https://evil.example/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/me/"


def test_profile_needs_sign_in(client, db):
    response = client.get("/en/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/accounts/profile/")


def test_sign_out_with_post(client, demo_accounts):
    sign_in(client, "student.leuven1")

    response = client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/en/"  # the home page, in the language of the page left
    assert SESSION_KEY not in client.session
    assert client.get("/en/accounts/profile/").status_code == 302


def test_sign_out_refuses_get(client, demo_accounts):
    # A link or an image on another site must not be able to sign someone out.
    sign_in(client, "student.leuven1")

    response = client.get("/en/accounts/logout/")

    assert response.status_code == 405
    assert SESSION_KEY in client.session


def test_sign_out_needs_the_csrf_token(demo_accounts):
    client = Client(enforce_csrf_checks=True)
    client.login(username="student.leuven1", password=demo.DEMO_PASSWORD)

    response = client.post("/en/accounts/logout/")

    assert response.status_code == 403
    assert SESSION_KEY in client.session
