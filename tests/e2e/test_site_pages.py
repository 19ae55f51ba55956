"""The site's own pages in a real browser: languages, sign-in, profile, phone layout, axe-core."""

import pytest

from home.demo import HOME_TEXT
from tests.e2e.conftest import assert_accessible, login, screenshot

pytestmark = pytest.mark.e2e

SIZES = {"desktop": (1280, 800), "phone": (360, 740)}
LANGUAGE_NAMES = {"en": "English", "nb": "norsk (bokmål)", "sv": "svenska"}


def open_page(make_page, size, **options):
    width, height = SIZES[size]
    return make_page(width=width, height=height, **options)


def assert_fits_width(page):
    """Nothing sticks out sideways: a phone user never has to scroll horizontally."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide on a {width}px screen"


def assert_header_usable(page):
    """Every link and button of the header is on screen and big enough to tap."""
    width = page.viewport_size["width"]
    controls = page.locator("header a, header button")
    assert controls.count() >= 4
    for index in range(controls.count()):
        control = controls.nth(index)
        box = control.bounding_box()
        label = control.inner_text()
        assert control.is_visible(), label
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{label!r} is off screen"
        assert box["height"] >= 24 and box["width"] >= 24, f"{label!r} is too small to tap"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_home_page_in_each_language(make_page, live_server, language, size):
    page = open_page(make_page, size)
    page.goto(f"{live_server.url}/{language}/")

    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == HOME_TEXT[language][0]
    current = page.locator(".language-switcher button[aria-current=true]")
    assert current.inner_text() == LANGUAGE_NAMES[language]
    assert_fits_width(page)
    assert_header_usable(page)
    assert_accessible(page)
    screenshot(page, f"home-{language}-{size}")


def test_first_visit_follows_accept_language(make_page, live_server):
    page = make_page(locale="sv-SE")
    page.goto(f"{live_server.url}/")

    assert page.url == f"{live_server.url}/sv/"
    assert page.locator("h1").inner_text() == HOME_TEXT["sv"][0]


def test_language_switcher_moves_to_the_translated_page(page, live_server):
    page.goto(f"{live_server.url}/en/")

    page.get_by_role("button", name=LANGUAGE_NAMES["sv"]).click()
    page.wait_for_url(f"{live_server.url}/sv/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == HOME_TEXT["sv"][0]

    # The choice sticks: the bare address now opens the Swedish site.
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/sv/"

    page.get_by_role("button", name=LANGUAGE_NAMES["nb"]).click()
    page.wait_for_url(f"{live_server.url}/nb/")
    assert page.locator("h1").inner_text() == HOME_TEXT["nb"][0]


def test_language_switcher_on_a_page_without_translations(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name=LANGUAGE_NAMES["nb"]).click()
    page.wait_for_load_state()
    assert page.url.endswith("/nb/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "nb"


def test_skip_link_is_the_first_stop_and_leads_to_the_content(page, live_server):
    page.goto(f"{live_server.url}/en/")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # shown on screen once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("size", SIZES)
def test_sign_in_page(make_page, live_server, size):
    page = open_page(make_page, size)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"login-{size}")

    page.fill("input[name=username]", "student.oslo1")
    page.fill("input[name=password]", "not-the-password")
    page.click("main form button[type=submit]")

    alert = page.get_by_role("alert")
    assert "correct username and password" in alert.inner_text()
    assert page.locator("input[name=username]").input_value() == "student.oslo1"
    assert_accessible(page)
    screenshot(page, f"login-error-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_profile_page(make_page, live_server, size):
    page = open_page(make_page, size)
    login(page, live_server, "student.leuven1")
    page.goto(f"{live_server.url}/accounts/profile/")
    assert page.locator("input[name=display_name]").input_value() == "Lotte Peeters"
    assert_fits_width(page)
    assert_header_usable(page)
    assert_accessible(page)
    screenshot(page, f"profile-{size}")

    page.fill("input[name=timezone]", "Mars/Olympus_Mons")
    page.click("main form button[type=submit]")
    assert page.get_by_role("alert").is_visible()
    field = page.locator("input[name=timezone]")
    assert field.get_attribute("aria-invalid") == "true"
    # The error is tied to the field, so a screen reader announces it there.
    error_id = field.get_attribute("aria-describedby").split()[-1]
    assert "“Mars/Olympus_Mons” is not a time zone" in page.locator(f"#{error_id}").inner_text()
    assert_accessible(page)
    screenshot(page, f"profile-error-{size}")


def test_profile_change_shows_up_in_the_header_and_sign_out(page, live_server):
    live_server.create_user(
        "e2e.profile", display_name="Milan De Smet", institution="UCLL", roles=["Students"]
    )
    login(page, live_server, "e2e.profile")
    page.goto(f"{live_server.url}/accounts/profile/")

    page.fill("input[name=display_name]", "Milan D.")
    page.select_option("select[name=language]", "sv")
    page.click("main form button[type=submit]")

    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("header").get_by_role("link", name="Milan D.").is_visible()
    assert page.get_by_role("status").is_visible()

    page.locator("header form[action$='/accounts/logout/'] button").click()
    page.wait_for_load_state()
    assert page.locator("header a[href^='/sv/accounts/login/']").is_visible()
    page.goto(f"{live_server.url}/accounts/profile/")
    assert "/accounts/login/" in page.url


def test_sign_in_works_without_javascript(make_page, live_server):
    page = make_page(java_script_enabled=False)

    login(page, live_server, "student.oslo3")
    page.goto(f"{live_server.url}/accounts/profile/")
    assert page.locator("input[name=display_name]").input_value() == "Amina Yusuf"
    assert_accessible(page)


def test_accessibility_check_reports_what_it_finds(page, live_server):
    """The helper itself: a page with a nameless button and an image without text fails."""
    page.goto(f"{live_server.url}/en/")
    page.evaluate(
        """() => {
            document.querySelector("main").insertAdjacentHTML(
                "beforeend", '<img src="/static/none.png"><button></button>');
        }"""
    )

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    assert "image-alt" in str(failure.value)
    assert "button-name" in str(failure.value)
