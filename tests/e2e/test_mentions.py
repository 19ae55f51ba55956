"""@mentions in a real browser: the composer offers people by name, the keyboard picks one,
and the person mentioned sees it live: highlighted in the message and in their header."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_discussion import (
    LIVE_TIMEOUT,
    OSLO,
    message,
    open_space,
    unique,
)

pytestmark = pytest.mark.e2e

MENTIONED = "student.leuven2"  # Milan De Smet, in student.oslo1's group


@pytest.mark.parametrize("width", [1280, 360])
def test_a_mention_picked_by_keyboard_reaches_the_person_live(
    make_page, live_server, demo_group, width
):
    author = open_space(make_page(width=width, height=800), live_server, demo_group["space"], OSLO)
    mentioned = open_space(make_page(), live_server, demo_group["space"], MENTIONED)
    badge = mentioned.locator("header [data-unread-notifications]")
    unread_before = int(badge.text_content() or 0)

    field = author.locator("#message-form [name=body]")
    field.click()
    field.press_sequentially("Can you check this, @mil")
    expect(field).to_have_attribute("aria-expanded", "true", timeout=LIVE_TIMEOUT)
    options = author.locator("#mention-options [role=option]")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Milan De Smet")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", "mention-option-0")
    assert_accessible(author)
    screenshot(author, f"mention-options-{width}")

    field.press("Enter")  # picks the person; does not send
    expect(field).to_have_value(f"Can you check this, @{MENTIONED} ")
    expect(field).to_have_attribute("aria-expanded", "false")
    text = unique("before Friday?")
    field.press_sequentially(text)
    field.press("Enter")

    arrived = message(mentioned, text)
    expect(arrived).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(arrived.locator(".mention")).to_contain_text("Milan De Smet")
    expect(badge).to_have_text(str(unread_before + 1), timeout=LIVE_TIMEOUT)
    mentioned.locator("header a.notifications-link").click()
    expect(mentioned.locator("main")).to_contain_text("Sofie Berg mentioned you")


def test_escape_closes_the_list_and_keeps_the_text(make_page, live_server, demo_group):
    author = open_space(make_page(), live_server, demo_group["space"], OSLO)
    field = author.locator("#message-form [name=body]")
    field.click()
    field.press_sequentially("@ami")
    # The list shows everyone for "@" first; wait until it has narrowed to "ami", or a late
    # answer for the shorter prefix could reopen it after Escape.
    options = author.locator("#mention-options [role=option]")
    expect(options).to_have_count(1)
    expect(options).to_contain_text("Amina Yusuf")
    field.press("Escape")
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(field).to_have_value("@ami")
