"""Setting a new password through a link sent by e-mail, in the person's own language."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import translation

from accounts import demo
from accounts.models import User
from tests.factories import UserFactory

OLD_PASSWORD = "old-coil-password-1"
NEW_PASSWORD = "fresh-coil-password-2"
# Links are on the public base URL, whatever host the request named, under the reader's language.
LINK = re.compile(
    re.escape(settings.WAGTAILADMIN_BASE_URL) + r"/(?:en|nb|sv)/accounts/reset/[\w-]+/[\w-]+/"
)

# What each language's e-mail says, and what the page behind the link says.
SUBJECTS = {
    "en": "Set a new password on COIL Commons",
    "nb": "Velg et nytt passord på COIL Commons",
    "sv": "Välj ett nytt lösenord på COIL Commons",
}
GREETINGS = {"en": "Hello Ingrid Hansen,", "nb": "Hei Ingrid Hansen,", "sv": "Hej Ingrid Hansen,"}
LIFETIMES = {
    "en": "The link works once, for 3\xa0days.",
    "nb": "Lenken virker én gang, i 3\xa0dager.",
    "sv": "Länken fungerar en gång, i 3\xa0dagar.",
}
SET_PASSWORD_HEADINGS = {
    "en": "Set a new password",
    "nb": "Velg et nytt passord",
    "sv": "Välj ett nytt lösenord",
}


@pytest.fixture
def person(db):
    return UserFactory(
        username="ingrid",
        display_name="Ingrid Hansen",
        email="ingrid.hansen@oslomet.example",
        language="nb",
        password=OLD_PASSWORD,
    )


def ask_for_link(client, email):
    return client.post("/en/accounts/password-reset/", {"email": email})


def link_in(message):
    links = LINK.findall(message.body)
    assert len(links) == 1, message.body
    return links[0]


def signs_in(username, password):
    client = Client()
    client.post("/en/accounts/login/", {"username": username, "password": password})
    return SESSION_KEY in client.session


def test_sign_in_page_links_to_the_password_reset(client, db):
    html = client.get("/en/accounts/login/").content.decode()

    assert '<a href="/en/accounts/password-reset/">Forgot your password?</a>' in html


def test_reset_from_request_to_signing_in_with_the_new_password(client, person, mailoutbox):
    # The address is matched whatever its case.
    response = ask_for_link(client, "Ingrid.Hansen@OsloMet.example")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password-reset/sent/"
    sent = client.get(response["Location"])
    assert "If an account has the address you entered" in sent.content.decode()

    # One e-mail, in the person's language (Norwegian) though the request was in English.
    (message,) = mailoutbox
    assert message.to == ["ingrid.hansen@oslomet.example"]
    assert message.subject == SUBJECTS["nb"]
    assert GREETINGS["nb"] in message.body
    assert "Brukernavnet ditt er ingrid." in message.body
    link = link_in(message)
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert '<html lang="nb">' in html

    # The link leads to a form (in the e-mail's language) without the token in its address.
    opened = client.get(link)
    assert opened.status_code == 302
    form_url = opened["Location"]
    assert form_url.endswith("/set-password/")
    form_page = client.get(form_url)
    assert '<html lang="nb">' in form_page.content.decode()
    assert f"<h1>{SET_PASSWORD_HEADINGS['nb']}</h1>" in form_page.content.decode()

    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/nb/accounts/reset/done/"
    complete = client.get(done["Location"]).content.decode()
    assert '<a class="button" href="/nb/accounts/login/">' in complete

    assert signs_in("ingrid", NEW_PASSWORD)
    assert not signs_in("ingrid", OLD_PASSWORD)

    # The link has done its work: it now leads to an explanation and a way to ask again.
    again = Client().get(link)
    assert again.status_code == 200
    assert again.context["validlink"] is False
    assert 'href="/nb/accounts/password-reset/"' in again.content.decode()


def test_a_used_link_cannot_set_the_password_again(client, person, mailoutbox):
    ask_for_link(client, person.email)
    link = link_in(mailoutbox[0])
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    # The same browser, still holding the token in its session, tries once more.
    client.get(link)
    response = client.post(
        form_url, {"new_password1": "third-pass-3", "new_password2": "third-pass-3"}
    )

    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert signs_in("ingrid", NEW_PASSWORD)
    assert not signs_in("ingrid", "third-pass-3")


def test_a_link_with_a_changed_token_is_refused(client, person, mailoutbox):
    ask_for_link(client, person.email)
    link = link_in(mailoutbox[0])

    response = client.get(link[:-2] + "x/")

    assert response.status_code == 200
    assert response.context["validlink"] is False
    with translation.override("nb"):  # the e-mail's language
        assert translation.gettext("This link no longer works") in response.content.decode()


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_the_email_is_written_in_the_recipients_language(client, person, mailoutbox, language):
    person.language = language
    person.save()

    # Whatever language the request itself is in.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv" if language != "sv" else "en"
    ask_for_link(client, person.email)

    (message,) = mailoutbox
    ((html, _),) = message.alternatives
    assert message.subject == SUBJECTS[language]
    for part in (message.body, html):
        assert GREETINGS[language] in part
        assert LIFETIMES[language] in part
    assert f'<html lang="{language}">' in html


def test_the_page_behind_the_link_speaks_the_emails_language(client, person, mailoutbox):
    ask_for_link(client, person.email)
    link = link_in(mailoutbox[0])
    assert "/nb/accounts/reset/" in link
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"  # the browser's language stays aside

    page = client.get(client.get(link)["Location"])

    assert '<html lang="nb">' in page.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_email(client, person, mailoutbox):
    known = ask_for_link(client, person.email)
    unknown = ask_for_link(client, "nobody@oslomet.example")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [message.to for message in mailoutbox] == [[person.email]]


def test_deactivated_account_gets_no_email(client, person, mailoutbox):
    person.is_active = False
    person.save()

    response = ask_for_link(client, person.email)

    assert response.status_code == 302
    assert mailoutbox == []


def test_a_bad_address_is_a_clear_error(client, person, mailoutbox):
    response = client.post("/en/accounts/password-reset/", {"email": "not an address"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert 'role="alert"' in response.content.decode()
    assert mailoutbox == []


def test_new_password_must_pass_the_password_rules(client, person, mailoutbox):
    ask_for_link(client, person.email)
    form_url = client.get(link_in(mailoutbox[0]))["Location"]

    response = client.post(form_url, {"new_password1": "password", "new_password2": "password"})

    assert response.status_code == 200
    # In the e-mail's language (the person's, Norwegian), as the whole page.
    with translation.override("nb"):
        too_common = translation.gettext("This password is too common.")
    assert response.context["form"].errors["new_password2"] == [too_common]
    assert signs_in("ingrid", OLD_PASSWORD)


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Forgot your password?"),
        ("nb", "Glemt passordet?"),
        ("sv", "Glömt lösenordet?"),
    ],
)
def test_reset_pages_in_each_language(client, db, language, heading):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(f"/{language}/accounts/password-reset/").content.decode()

    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html


def test_every_demo_account_can_reset_its_password(client, db, mailoutbox):
    demo.seed(lambda line: None)
    accounts = list(User.objects.order_by("username"))

    for account in accounts:
        ask_for_link(client, account.email)

    # One e-mail per account, each to its own address: no two demo accounts share one.
    assert [message.to for message in mailoutbox] == [[account.email] for account in accounts]
    assert len({account.email.lower() for account in accounts}) == len(accounts)
