"""One's own account in a real browser: profile with e-mail, password and time zone, and
setting a new password through the link the server e-mails (the console backend writes it to
the server's log). Every page in en, nb and sv, at phone and desktop widths, with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, login, screenshot
from tests.e2e.test_site_pages import SIZES, assert_fits_width, open_page

pytestmark = pytest.mark.e2e

LANGUAGES = ["en", "nb", "sv"]
BROWSER_LOCALES = {"en": "en-GB", "nb": "nb-NO", "sv": "sv-SE"}
NEW_PASSWORD = "a-new-coil-password-7"
WORDS = {
    "en": {"forgot": "Forgot your password?", "set": "Set a new password", "sign_in": "Sign in"},
    "nb": {"forgot": "Glemt passordet?", "set": "Velg et nytt passord", "sign_in": "Logg inn"},
    "sv": {"forgot": "Glömt lösenordet?", "set": "Välj ett nytt lösenord", "sign_in": "Logga in"},
}


def emailed_link(live_server, address):
    """The link of the last e-mail the servers wrote to `address`."""
    log = "".join(server.log_path.read_text(errors="replace") for server in live_server.servers)
    messages = [part for part in log.split("-" * 79) if f"To: {address}" in part]
    assert messages, f"no e-mail to {address} in the servers' log"
    return re.search(r"http://\S+/accounts/reset/[\w-]+/[\w-]+/", messages[-1]).group(0)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_profile_page(make_page, live_server, language, size):
    username = f"e2e.profile.{language}.{size}"
    live_server.create_user(
        username,
        display_name="Ingrid Hansen",
        email=f"{username}@oslomet.example",
        institution="OsloMet",
        timezone="Europe/Oslo",
        language=language,
        roles=["Teachers"],
    )
    page = open_page(make_page, size)
    login(page, live_server, username)
    page.goto(f"{live_server.url}/accounts/profile/")

    assert page.locator("html").get_attribute("lang") == language
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"account-profile-{language}-{size}")

    # The time zone field searches the list by any part of a name and shows the time there.
    known, unknown = page.locator("[data-known]"), page.locator("[data-unknown]")
    oslo_time = known.locator("time").inner_text()
    assert re.search(r"\d\d:\d\d$", oslo_time)
    field = page.locator("input[name=timezone]")
    field.fill("Asia/Kolkata")
    # Kolkata is half an hour off from Oslo: the minutes differ.
    expect(known.locator("time")).not_to_have_text(oslo_time)
    field.fill("Mars/Olympus_Mons")
    expect(unknown).to_be_visible()
    expect(known).to_be_hidden()
    page.click("form[action$='/accounts/profile/'] button[type=submit]")
    assert field.get_attribute("aria-invalid") == "true"
    expect(unknown).to_be_visible()

    # A wrong current password is named next to its field, and nothing is changed.
    page.fill("input[name=email]", "someone.else@oslomet.example")
    page.fill("input[name=password]", "not-my-password")
    page.click("#email button[type=submit]")
    # The answer opens at the form's own section, its errors in view.
    assert page.url.endswith("/accounts/profile/email/#email")
    expect(page.locator("#email [role=alert]")).to_be_in_viewport()
    password = page.locator("input[name=password]")
    assert password.get_attribute("aria-invalid") == "true"
    assert f"{username}@oslomet.example" in page.locator("#email-heading + p").inner_text()
    assert_accessible(page)
    screenshot(page, f"account-profile-errors-{language}-{size}")


def test_time_zone_field_works_from_the_keyboard(page, live_server):
    live_server.create_user("e2e.profile.keyboard", timezone="UTC", language="en")
    login(page, live_server, "e2e.profile.keyboard")
    page.goto(f"{live_server.url}/accounts/profile/")

    page.focus("input[name=display_name]")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "timezone"
    page.keyboard.press("Control+A")
    page.keyboard.type("Asia/Tokyo")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved.")
    assert page.locator("input[name=timezone]").input_value() == "Asia/Tokyo"


def test_password_change_keeps_one_signed_in(page, live_server):
    live_server.create_user("e2e.password.change", language="en")
    login(page, live_server, "e2e.password.change")
    page.goto(f"{live_server.url}/accounts/profile/")

    form = page.locator("#password form")
    form.locator("input[name=old_password]").fill(DEMO_PASSWORD)
    form.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    form.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    form.locator("button[type=submit]").click()

    expect(page.get_by_role("status")).to_contain_text("Your password has been changed.")
    expect(page.get_by_role("status")).to_be_in_viewport()
    assert page.url.endswith("/accounts/profile/#top")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_pages(make_page, live_server, language, size):
    username = f"e2e.reset.{language}.{size}"
    address = f"{username}@ucll.example"
    live_server.create_user(username, email=address, language=language, institution="UCLL")
    # The browser speaks the person's language, so the pages before the e-mail do too.
    page = open_page(make_page, size, locale=BROWSER_LOCALES[language])
    words = WORDS[language]

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name=words["forgot"]).click()
    assert page.locator("h1").inner_text() == words["forgot"]
    assert page.locator("html").get_attribute("lang") == language
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"account-reset-form-{language}-{size}")

    page.fill("input[name=email]", address)
    page.click("main form button[type=submit]")
    assert page.url.endswith("/accounts/password-reset/sent/")
    assert_accessible(page)
    screenshot(page, f"account-reset-sent-{language}-{size}")

    link = emailed_link(live_server, address)
    page.goto(link)
    assert page.locator("h1").inner_text() == words["set"]
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD + "x")
    page.click("main form button[type=submit]")
    assert page.locator("input[name=new_password2]").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    screenshot(page, f"account-reset-new-password-{language}-{size}")

    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main form button[type=submit]")
    assert page.url.endswith("/accounts/reset/done/")
    assert_accessible(page)
    screenshot(page, f"account-reset-complete-{language}-{size}")

    page.locator("main").get_by_role("link", name=words["sign_in"]).click()
    assert page.url.endswith("/accounts/login/")
    login(page, live_server, username, password=NEW_PASSWORD)

    # The link has been used.
    page.goto(link)
    assert page.locator("main a.button[href$='/accounts/password-reset/']").is_visible()
    assert_accessible(page)
    screenshot(page, f"account-reset-used-link-{language}-{size}")


def test_page_behind_the_link_speaks_the_language_of_the_email(make_page, live_server):
    address = "e2e.reset.language@oslomet.example"
    live_server.create_user("e2e.reset.language", email=address, language="sv")
    page = make_page(locale="en-GB")

    page.goto(f"{live_server.url}/accounts/password-reset/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.fill("input[name=email]", address)
    page.click("main form button[type=submit]")
    page.goto(emailed_link(live_server, address))

    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == WORDS["sv"]["set"]
