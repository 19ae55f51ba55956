"""The notification pages in a real browser: list and settings in three languages, phone and
desktop, axe-core; marking everything read from the keyboard empties the header's count."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, login, screenshot

pytestmark = pytest.mark.e2e

WIDTHS = {"phone": (360, 740), "desktop": (1280, 800)}
# The list's heading, the settings page's heading and the demo group notice, per language.
LANGUAGES = {
    "en": ("Notifications", "Notification settings", "You are in the group"),
    "nb": ("Varsler", "Varslingsinnstillinger", "Du er i gruppen"),
    "sv": ("Notiser", "Notisinställningar", "Du är i gruppen"),
}


def open_in(page, live_server, username, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    login(page, live_server, username)


def fits(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width}px wide on a {width}px screen"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", WIDTHS)
def test_the_list_and_the_settings_are_accessible(make_page, live_server, size, language):
    width, height = WIDTHS[size]
    page = make_page(width=width, height=height)
    open_in(page, live_server, "student.oslo1", language)
    list_heading, settings_heading, group_notice = LANGUAGES[language]

    page.locator("header a.notifications-link").click()
    assert page.url == f"{live_server.url}/{language}/me/notifications/"
    expect(page.locator("h1")).to_have_text(list_heading)
    expect(page.locator(".notification-list")).to_contain_text(group_notice)
    fits(page, width)
    assert_accessible(page)
    screenshot(page, f"notifications-{language}-{size}")

    page.locator("main .meta a").click()
    expect(page.locator("h1")).to_have_text(settings_heading)
    fits(page, width)
    assert_accessible(page)
    screenshot(page, f"notification-settings-{language}-{size}")


def test_mark_all_read_from_the_keyboard_empties_the_count(make_page, live_server):
    page = make_page()
    open_in(page, live_server, "student.oslo3", "en")
    badge = page.locator("header [data-unread-notifications]")
    expect(badge).to_be_visible()
    page.goto(f"{live_server.url}/en/me/notifications/")
    button = page.get_by_role("button", name="Mark all as read")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".notification-unread")).to_have_count(0)
    expect(badge).to_be_hidden()
    expect(page.locator("header a.notifications-link")).to_have_attribute(
        "aria-label", "Notifications, 0 unread"
    )
