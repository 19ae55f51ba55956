"""Every page a person reads speaks the language of its address, whatever their profile says.

The walk covers every route of the page URL lists (accounts, collaboration, my page,
notifications) in en, nb and sv, each read by a person whose profile (and language cookie)
names another language. The old addresses without a prefix redirect to the prefixed ones.
"""

import json
import re
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation.trans_real import DjangoTranslation

from accounts import urls as accounts_urls
from collaboration import urls as collaboration_urls
from collaboration.services import post_message
from home.demo import ensure_home_pages
from mypage import urls as mypage_urls
from notifications import urls as notifications_urls
from notifications.emails import send_notification_email
from notifications.services import notify
from tests.collaboration.conftest import make_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The profile language of the reader of a page in each language: always another one.
OTHER = {"en": "nb", "nb": "sv", "sv": "en"}
PASSWORD = "a-long-test-password-1"
BASE = settings.WAGTAILADMIN_BASE_URL.rstrip("/")

# Strings of the site's frame (header, footer), which every page shows in its language.
FRAME_MSGIDS = ["Skip to main content", "My page", "Notifications", "Sign in", "Sign out"]

PAGE_URLS = {
    "accounts": accounts_urls.urlpatterns,
    "collaboration": collaboration_urls.urlpatterns,
    "mypage": mypage_urls.urlpatterns,
    "notifications": notifications_urls.urlpatterns,
}
PAGE_NAMES = {f"{app}:{p.name}" for app, patterns in PAGE_URLS.items() for p in patterns}


def forms_of(msgid):
    """{language: the msgid's form in it}."""
    forms = {}
    for language in LANGUAGES:
        with translation.override(language):
            forms[language] = translation.gettext(msgid)
    return forms


def assert_speaks(html, language):
    """The page declares `language` and shows no string of the frame in another language."""
    assert f'<html lang="{language}">' in html
    for msgid in FRAME_MSGIDS:
        forms = forms_of(msgid)
        for other, form in forms.items():
            if form != forms[language] and form not in forms[language]:
                assert form not in html, f"{form!r} ({other}) on a page in {language}"


@pytest.fixture
def world(db):
    return make_world(ensure_home_pages()["en"])


def reader(user, language):
    """A client signed in as `user`, whose profile and cookie say `language`."""
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def visitor(language):
    """A signed-out visitor whose cookie and browser say `language`."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def a_message(world):
    return post_message(
        user=world["a_oslo"], space=world.plaza, body="Hello", client_id=str(uuid.uuid4())
    ).message


def reset_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return {"uidb64": uid, "token": default_token_generator.make_token(user)}


def visits(world, language):
    """(route name, client, method, kwargs, data, expected status or redirect prefix).

    A redirect is expected to stay in the language: its target starts with the prefix.
    """
    other = OTHER[language]
    teacher = reader(world["teacher"], other)
    student = reader(world["a_oslo"], other)
    outsider = reader(world["outsider"], other)
    anonymous = visitor(other)
    code = world.module.invitation_code
    group = world.group_a.group
    notice = notify("mentioned", [world["teacher"]], target=world.plaza.get_absolute_url())[0]
    person = UserFactory(email=f"reset.{language}@example.org", language=other)
    person.set_password(PASSWORD)
    person.save()
    prefix = f"/{language}/"
    return [
        ("accounts:login", anonymous, "get", {}, None, 200),
        ("accounts:logout", reader(UserFactory(), other), "post", {}, None, prefix),
        ("accounts:profile", student, "get", {}, None, 200),
        ("accounts:change_email", student, "post", {}, {}, 400),
        ("accounts:change_password", student, "post", {}, {}, 400),
        ("accounts:password_reset", anonymous, "get", {}, None, 200),
        ("accounts:password_reset_done", anonymous, "get", {}, None, 200),
        ("accounts:password_reset_confirm", visitor(other), "get", reset_link(person), None, 200),
        ("accounts:password_reset_complete", anonymous, "get", {}, None, 200),
        ("accounts:time_zone", anonymous, "get", {}, None, 200),
        ("collaboration:space", student, "get", {"space_id": world.group_a.pk}, None, 200),
        (
            "collaboration:hide-message",
            teacher,
            "post",
            {"space_id": world.plaza.pk, "message_id": a_message(world).pk},
            {},
            f"{prefix}spaces/{world.plaza.pk}/",
        ),
        ("collaboration:join-form", outsider, "get", {}, None, 200),
        ("collaboration:join", outsider, "get", {"code": code}, None, 200),
        ("collaboration:signup", anonymous, "get", {"code": code}, None, 200),
        ("collaboration:enrolment", teacher, "get", {"module_id": world.module.pk}, None, 200),
        ("collaboration:groups", teacher, "get", {"module_id": world.module.pk}, None, 200),
        (
            "collaboration:remove-student",
            teacher,
            "get",
            {"module_id": world.module.pk, "student_id": world["b_oslo"].pk},
            None,
            200,
        ),
        # Nobody was removed: the refusal page, in the language of the address.
        ("collaboration:readmit-student", teacher, "post", {"module_id": world.module.pk}, {}, 404),
        (
            "collaboration:hidden-messages",
            teacher,
            "get",
            {"module_id": world.module.pk},
            None,
            200,
        ),
        ("collaboration:group", student, "get", {"group_id": group.pk}, None, 200),
        ("collaboration:participation", teacher, "get", {}, None, 200),
        ("mypage:home", teacher, "get", {}, None, 200),
        ("notifications:list", teacher, "get", {}, None, 200),
        (
            "notifications:mark-read",
            teacher,
            "post",
            {"notification_id": notice.pk},
            {},
            f"{prefix}me/notifications/",
        ),
        ("notifications:mark-all-read", teacher, "post", {}, {}, f"{prefix}me/notifications/"),
        ("notifications:settings", teacher, "get", {}, None, 200),
    ]


def test_the_walk_covers_every_page_route(world):
    assert {visit[0] for visit in visits(world, "en")} == PAGE_NAMES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_speaks_the_language_of_its_address(world, language):
    for name, client, method, kwargs, data, expected in visits(world, language):
        with translation.override(language):
            url = reverse(name, kwargs=kwargs)
        assert url.startswith(f"/{language}/"), url
        response = getattr(client, method)(url, data or {})
        if name == "accounts:password_reset_confirm":
            # The token moves into the session; the page is one redirect further, in the
            # language of the link.
            assert response["Location"].startswith(f"/{language}/accounts/reset/")
            response = client.get(response["Location"])
        if isinstance(expected, str):
            assert response.status_code == 302, (name, response.status_code)
            assert response["Location"].startswith(expected), (name, response["Location"])
            continue
        assert response.status_code == expected, (name, response.status_code)
        assert_speaks(response.content.decode(), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_that_needs_signing_in_sends_to_the_sign_in_page_in_its_language(db, language):
    response = visitor(OTHER[language]).get(f"/{language}/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"] == (
        f"/{language}/accounts/login/?next=/{language}/accounts/profile/"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_in_lands_on_the_my_page_in_the_sign_in_pages_language(db, language):
    person = UserFactory(language=OTHER[language])
    person.set_password(PASSWORD)
    person.save()
    client = Client()
    response = client.post(
        f"/{language}/accounts/login/", {"username": person.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == f"/{language}/me/"
    # Their profile language becomes the default where an address names none.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == OTHER[language]
    page = client.get(response["Location"]).content.decode()
    assert_speaks(page, language)


def test_signing_in_keeps_a_language_chosen_before(db):
    person = UserFactory(language="nb")
    person.set_password(PASSWORD)
    person.save()
    client = visitor("sv")
    response = client.post(
        "/sv/accounts/login/", {"username": person.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_switcher_keeps_the_page(world, language):
    client = reader(world["teacher"], OTHER[language])
    for name, kwargs in [
        ("collaboration:space", {"space_id": world.plaza.pk}),
        ("collaboration:enrolment", {"module_id": world.module.pk}),
        ("accounts:profile", {}),
        ("mypage:home", {}),
    ]:
        with translation.override("en"):
            url = reverse(name, kwargs=kwargs)
        html = client.get(url).content.decode()
        target = url.replace("/en/", f"/{language}/", 1)
        # The switcher's button for the language posts with the page's address in it.
        action = f"/i18n/setlang/?next={quote(target)}"
        assert f'formaction="{action}"' in html, name
        response = client.post(action, {"language": language})
        assert response.status_code == 302 and response["Location"] == target, name
        assert_speaks(client.get(target).content.decode(), language)


def old_addresses(world):
    """Every page route at its old address without a prefix: (old path, client, method)."""
    teacher = Client()
    teacher.force_login(world["teacher"])
    outsider = Client()
    outsider.force_login(world["outsider"])
    code = world.module.invitation_code
    return [
        ("/accounts/login/", Client(), "get"),
        ("/accounts/profile/", teacher, "get"),
        ("/accounts/password-reset/", Client(), "get"),
        ("/accounts/password-reset/sent/", Client(), "get"),
        ("/accounts/reset/done/", Client(), "get"),
        (f"/spaces/{world.plaza.pk}/", teacher, "get"),
        (f"/groups/{world.group_a.group.pk}/", teacher, "get"),
        ("/modules/join/", outsider, "get"),
        (f"/modules/join/{code}/", outsider, "get"),
        (f"/modules/join/{code}/signup/", Client(), "get"),
        (f"/modules/{world.module.pk}/enrolment/", teacher, "get"),
        (f"/modules/{world.module.pk}/groups/", teacher, "get"),
        ("/participation/", teacher, "get"),
        ("/me/", teacher, "get"),
        ("/me/notifications/", teacher, "get"),
        ("/me/notifications/settings/", teacher, "get"),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_old_addresses_redirect_into_the_persons_language_with_the_query(world, language):
    # The signed-in people's profiles and the visitors' browsers say `language`.
    for name in ("teacher", "outsider"):
        world[name].language = language
        world[name].save(update_fields=["language"])
    query = f"?code={world.module.invitation_code}&x=%C3%A5"
    for path, client, _method in old_addresses(world):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        response = client.get(path + query)
        assert response.status_code == 302, path
        assert response["Location"] == f"/{language}{path}{query}", path
        assert client.get(response["Location"]).status_code in (200, 302), path


def test_the_language_cookie_decides_an_old_address(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = client.get("/accounts/login/")
    assert response["Location"] == "/sv/accounts/login/"


def test_posting_to_the_old_sign_in_address_still_signs_in(db):
    person = UserFactory(language="sv")
    person.set_password(PASSWORD)
    person.save()
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="sv")
    client.get("/accounts/login/", follow=True)
    token = client.cookies["csrftoken"].value
    data = {"username": person.username, "password": PASSWORD, "csrfmiddlewaretoken": token}

    response = client.post("/accounts/login/", data)
    # 307 keeps the method and the body.
    assert response.status_code == 307
    assert response["Location"] == "/sv/accounts/login/"
    response = client.post(response["Location"], data)
    assert response.status_code == 302 and response["Location"] == "/sv/me/"
    assert client.session[SESSION_KEY] == str(person.pk)


def test_the_old_sign_in_address_followed_by_the_test_client(db):
    person = UserFactory(language="nb")
    person.set_password(PASSWORD)
    person.save()
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": person.username, "password": PASSWORD}, follow=True
    )
    assert [status for _url, status in response.redirect_chain] == [307, 302]
    assert response.redirect_chain[-1][0] == "/en/me/"
    assert client.session[SESSION_KEY] == str(person.pk)


def test_the_api_stays_at_the_root(world):
    client = Client()
    client.force_login(world["teacher"])
    assert client.get(f"/api/spaces/{world.plaza.pk}/messages/").status_code == 200
    missing = client.get("/api/spaces/999999/messages/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scripts_strings_follow_the_page(world, language):
    client = reader(world["teacher"], OTHER[language])
    html = client.get(f"/{language}/spaces/{world.plaza.pk}/").content.decode()
    src = re.search(r'<script src="([^"]*/jsi18n/[^"]*)"', html).group(1)
    assert src == f"/jsi18n/?language={language}"
    catalogue = client.get(src).content.decode()
    for other in LANGUAGES:
        form = DjangoTranslation(other, domain="djangojs").gettext("Not sent")
        if other != "en":
            assert (json.dumps(form)[1:-1] in catalogue) == (other == language), other


@pytest.mark.parametrize("language", LANGUAGES)
def test_notices_link_into_the_readers_language(world, language):
    person = world["b_leuven"]
    person.language = language
    person.save(update_fields=["language"])
    # The notices were caused by someone reading another language; one is older than the
    # prefixed pages and names its page without a prefix.
    with translation.override(OTHER[language]):
        new = notify("mentioned", [person], target=f"{world.plaza.get_absolute_url()}#m-1")[0]
        old = notify("mentioned", [person], target=f"/spaces/{world.plaza.pk}/")[0]
    assert new.target_url.startswith(f"/{OTHER[language]}/spaces/")
    for notice, fragment in [(new, "#m-1"), (old, "")]:
        mail.outbox.clear()
        send_notification_email(notice.pk)
        [message] = mail.outbox
        links = re.findall(r"https?://[^\s\"<>]+", message.body)
        assert f"{BASE}/{language}/spaces/{world.plaza.pk}/{fragment}" in links, message.body
        for link in links:
            assert link.startswith(f"{BASE}/{language}/"), link

    client = reader(person, OTHER[language])
    page = client.get(f"/{language}/me/notifications/").content.decode()
    assert f'href="/{language}/spaces/{world.plaza.pk}/#m-1"' in page
    assert f'href="/{language}/spaces/{world.plaza.pk}/"' in page


def test_the_invitation_link_leads_each_student_into_their_own_language(world):
    teacher = reader(world["teacher"], "nb")
    page = teacher.get(f"/nb/modules/{world.module.pk}/enrolment/").content.decode()
    link = f"http://testserver/modules/join/{world.module.invitation_code}/"
    assert link in page
    response = Client(HTTP_ACCEPT_LANGUAGE="sv").get(link)
    assert response["Location"] == f"/sv/modules/join/{world.module.invitation_code}/"
