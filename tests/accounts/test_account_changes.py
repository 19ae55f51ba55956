"""Changing one's own e-mail address and password on the profile page."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "current-coil-password-1"
NEW_PASSWORD = "another-coil-password-2"


@pytest.fixture
def person(db):
    return UserFactory(
        username="pieter",
        display_name="Pieter Janssens",
        email="pieter.janssens@ucll.example",
        timezone="Europe/Brussels",
        language="en",
        password=PASSWORD,
    )


@pytest.fixture
def signed_in(person):
    client = Client()
    assert client.login(username="pieter", password=PASSWORD)
    return client


def change_email(client, email, password=PASSWORD, language="en"):
    return client.post(
        f"/{language}/accounts/profile/email/", {"email": email, "password": password}
    )


def change_password(client, old=PASSWORD, new1=NEW_PASSWORD, new2=NEW_PASSWORD):
    return client.post(
        "/en/accounts/profile/password/",
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )


def signs_in(password):
    return Client().login(username="pieter", password=password)


def stored(person):
    person.refresh_from_db()
    return person.email, person.display_name, person.timezone


def test_profile_shows_the_address_and_both_forms(signed_in):
    html = signed_in.get("/en/accounts/profile/").content.decode()

    assert "Your address is pieter.janssens@ucll.example." in html
    # Each form is posted to its own section, so that its answer opens there.
    assert 'action="/en/accounts/profile/email/#email"' in html
    assert 'action="/en/accounts/profile/password/#password"' in html
    assert 'value="pieter.janssens@ucll.example"' in html
    # One page, three forms: none of them pulls the page down to itself on load.
    assert "autofocus" not in html


def test_email_changes_with_the_current_password(signed_in, person):
    response = change_email(signed_in, "  p.janssens@UCLL.example ")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/#top"
    assert stored(person) == ("p.janssens@ucll.example", "Pieter Janssens", "Europe/Brussels")
    page = signed_in.get("/en/accounts/profile/")
    assert [str(m) for m in page.context["messages"]] == ["Your e-mail address has been changed."]
    assert "Your address is p.janssens@ucll.example." in page.content.decode()


def test_email_change_with_a_wrong_password_changes_nothing(signed_in, person):
    response = change_email(signed_in, "p.janssens@ucll.example", password="guess")

    assert response.status_code == 400
    form = response.context["email_form"]
    assert form.errors == {
        "password": ["That is not your current password. Please enter it again."]
    }
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'id="id_password_error"' in html
    assert stored(person)[0] == "pieter.janssens@ucll.example"


@pytest.mark.parametrize("taken", ["lotte.peeters@ucll.example", "Lotte.Peeters@UCLL.example"])
def test_email_of_another_account_is_refused_whatever_its_case(signed_in, person, taken):
    UserFactory(username="lotte", email="lotte.peeters@ucll.example")

    response = change_email(signed_in, taken)

    assert response.status_code == 400
    assert response.context["email_form"].errors == {
        "email": ["Another account already uses this address."]
    }
    assert stored(person)[0] == "pieter.janssens@ucll.example"


@pytest.mark.parametrize("bad", ["pieter", "pieter@", "two words@ucll.example", ""])
def test_bad_address_is_refused(signed_in, person, bad):
    response = change_email(signed_in, bad)

    assert response.status_code == 400
    assert response.context["email_form"].errors["email"]
    assert stored(person)[0] == "pieter.janssens@ucll.example"


def test_a_refused_change_keeps_the_other_forms_as_saved(signed_in, person):
    response = change_email(signed_in, "pieter", password="guess")

    # The profile form shows the saved values; the refused input stays in its own form.
    assert response.context["form"]["display_name"].value() == "Pieter Janssens"
    assert response.context["email_form"]["email"].value() == "pieter"
    assert not response.context["form"].is_bound
    assert not response.context["password_form"].is_bound


def test_email_change_in_norwegian(signed_in, person):
    person.language = "nb"
    person.save()

    response = change_email(signed_in, "p@ucll.example", password="guess", language="nb")

    assert response.context["email_form"].errors["password"] == [
        "Det er ikke ditt nåværende passord. Skriv det inn på nytt."
    ]


def test_password_change_keeps_this_session_and_ends_the_others(signed_in, person):
    elsewhere = Client()
    assert elsewhere.login(username="pieter", password=PASSWORD)

    response = change_password(signed_in)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/#top"
    page = signed_in.get("/en/accounts/profile/")
    assert page.status_code == 200
    assert [str(m) for m in page.context["messages"]] == ["Your password has been changed."]
    # Another browser signed in with the old password is signed out.
    assert elsewhere.get("/en/accounts/profile/").status_code == 302
    assert SESSION_KEY not in elsewhere.session
    assert signs_in(NEW_PASSWORD)
    assert not signs_in(PASSWORD)


def test_password_change_needs_the_current_password(signed_in, person):
    response = change_password(signed_in, old="guess")

    assert response.status_code == 400
    assert list(response.context["password_form"].errors) == ["old_password"]
    assert signs_in(PASSWORD)


def test_password_change_needs_the_same_new_password_twice(signed_in, person):
    response = change_password(signed_in, new2="another-coil-password-3")

    assert response.status_code == 400
    assert response.context["password_form"].errors["new_password2"] == [
        "The two password fields didn’t match."
    ]
    assert signs_in(PASSWORD)


def test_password_change_follows_the_password_rules(signed_in, person):
    response = change_password(signed_in, new1="12345678", new2="12345678")

    assert response.status_code == 400
    assert (
        "This password is entirely numeric."
        in response.context["password_form"].errors["new_password2"]
    )
    assert signs_in(PASSWORD)


@pytest.mark.parametrize("url", ["/en/accounts/profile/email/", "/en/accounts/profile/password/"])
def test_changes_need_sign_in_and_a_post(client, signed_in, url):
    assert client.post(url)["Location"].startswith("/en/accounts/login/")
    assert signed_in.get(url).status_code == 405


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/en/accounts/profile/email/", {"email": "forged@evil.example", "password": PASSWORD}),
        (
            "/en/accounts/profile/password/",
            {"old_password": PASSWORD, "new_password1": "forged-9x", "new_password2": "forged-9x"},
        ),
    ],
)
def test_changes_need_the_csrf_token(person, url, data):
    client = Client(enforce_csrf_checks=True)
    client.login(username="pieter", password=PASSWORD)

    assert client.post(url, data).status_code == 403
    assert stored(person)[0] == "pieter.janssens@ucll.example"
    assert signs_in(PASSWORD)


def test_email_change_touches_only_the_signed_in_person(signed_in, person):
    other = UserFactory(username="other", email="other@ucll.example")

    change_email(signed_in, "mine@ucll.example")

    assert User.objects.get(pk=other.pk).email == "other@ucll.example"
    assert stored(person)[0] == "mine@ucll.example"
