"""A person's notifications in a real browser: the header count, the list, the settings."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, login, screenshot
from tests.e2e.test_site_pages import SIZES, assert_fits_width, assert_header_usable

pytestmark = pytest.mark.e2e


def notify(live_server, username, titles):
    live_server.manage(
        "shell",
        "-c",
        "from accounts.models import User\n"
        "from notifications.services import notify\n"
        f"user = User.objects.get(username={username!r})\n"
        f"for title in {list(titles)!r}:\n"
        "    notify('module_published', [user], title=title)\n",
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_list_marks_read_and_the_header_follows(make_page, live_server, size):
    username = f"notice.reader.{size}"
    live_server.create_user(username, display_name="Notice Reader", language="en")
    notify(live_server, username, ["Uteleik", "Outdoor play", "Lek ute"])
    width, height = SIZES[size]
    page = make_page(width=width, height=height)
    login(page, live_server, username)
    link = page.locator("header a.notifications-link")
    expect(link).to_have_attribute("aria-label", "Notifications, 3 unread")
    expect(link.locator("[data-unread-notifications]")).to_have_text("3")

    link.click()
    expect(page.locator("h1")).to_have_text("Notifications")
    expect(page.locator("li.notification-unread")).to_have_count(3)
    assert_fits_width(page)
    assert_header_usable(page)
    assert_accessible(page)
    screenshot(page, f"notifications-{size}")

    page.locator("li.notification", has_text="“Outdoor play” is published.").get_by_role(
        "button", name="Mark as read"
    ).click()
    expect(page.locator("li.notification-unread")).to_have_count(2)
    expect(link).to_have_attribute("aria-label", "Notifications, 2 unread")

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("li.notification-unread")).to_have_count(0)
    expect(link.locator("[data-unread-notifications]")).to_be_hidden()

    page.get_by_role("link", name="What you receive by e-mail").click()
    page.get_by_role("group", name="Module published").get_by_label("By e-mail at once").check()
    page.select_option("select[name=digest_hour]", "18")
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"notification-settings-{size}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your notification settings have been saved.")).to_be_visible()
    expect(
        page.get_by_role("group", name="Module published").get_by_label("By e-mail at once")
    ).to_be_checked()
    expect(page.locator("select[name=digest_hour]")).to_have_value("18")
