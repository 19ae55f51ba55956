"""Course modules in a real browser: index and module pages, phone layout, axe-core, and
partner approval from the editor (teacher.oslo submits, teacher.leuven approves)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, login, screenshot

pytestmark = pytest.mark.e2e

SIZES = {"desktop": (1280, 800), "phone": (360, 740)}
PAGES = {
    "en": ("/en/modules/", "/en/modules/outdoor-play-across-cultures/"),
    "nb": ("/nb/emnemoduler/", "/nb/emnemoduler/uteleik-pa-tvers-av-kulturer/"),
}


def assert_fits_width(page):
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide on a {width}px screen"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", PAGES)
def test_index_page(make_page, live_server, language, size):
    width, height = SIZES[size]
    page = make_page(width=width, height=height)
    page.goto(live_server.url + PAGES[language][0])
    assert page.locator("html").get_attribute("lang") == language
    cards = page.locator(".module-card")
    assert cards.count() >= 3
    title = "Uteleik på tvers av kulturer" if language == "nb" else "Outdoor play across cultures"
    assert page.get_by_role("link", name=title).is_visible()
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"modules-index-{language}-{size}")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", PAGES)
def test_module_page(make_page, live_server, language, size):
    width, height = SIZES[size]
    page = make_page(width=width, height=height)
    page.goto(live_server.url + PAGES[language][1])
    assert page.locator("h1").inner_text() in (
        "Outdoor play across cultures",
        "Uteleik på tvers av kulturer",
    )
    # Anonymous visitors see UTC; the kick-off is 12:00 UTC, 13:00 in Oslo and Leuven.
    first = page.locator(".session").first.inner_text()
    assert "12:00–13:30" in first
    assert "13:00 Oslo · 13:00 Leuven" in first
    assert page.locator(".partner").count() == 2
    assert page.locator("table.golden-hours tbody tr").count() >= 1
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"module-page-{language}-{size}")


def test_times_follow_the_signed_in_teacher_and_the_chosen_zone(make_page, live_server):
    page = make_page()
    login(page, live_server, "teacher.oslo")
    page.goto(live_server.url + PAGES["en"][1])
    sessions = page.locator(".session")
    assert "13:00–14:30" in sessions.first.inner_text()
    # The last session is after Europe's change to summer time: still 13:00 in Oslo.
    assert "13:00–15:00" in sessions.last.inner_text()
    page.get_by_role("link", name="Leuven", exact=True).click()
    assert "tz=Europe%2FBrussels" in page.url or "tz=Europe/Brussels" in page.url
    assert "Times are shown in Europe/Brussels" in page.locator(".zone-switch").inner_text()
    assert page.get_by_role("link", name="Join online").first.is_visible()


def test_filtering_the_index(make_page, live_server):
    page = make_page()
    page.goto(live_server.url + PAGES["en"][0])
    page.select_option("#id_mode", "bip")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "mode=bip" in page.url
    assert page.locator(".module-card").count() == 1
    assert "Blended intensive programme" in page.locator(".active-filters").inner_text()
    page.fill("#id_q", "zebras")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    assert "No modules match these filters." in page.inner_text("main")
    assert_accessible(page)


def test_partner_approval_from_the_editor(make_page, live_server):
    new_summary = (
        "Kindergarten teacher students in Oslo and Leuven compare how children play "
        "outdoors in every kind of weather, observe play in their placements and design "
        "an outdoor activity together in mixed groups."
    )
    oslo = make_page(locale="en-GB")
    login(oslo, live_server, "teacher.oslo")
    oslo.goto(live_server.url + PAGES["en"][1])
    with oslo.expect_navigation():
        oslo.get_by_role("link", name=re.compile("Edit this module|Rediger denne modulen")).click()
    edit_url = oslo.url
    assert re.search(r"/admin/pages/\d+/edit/$", edit_url)
    oslo.fill("#id_summary", new_summary)
    oslo.locator("footer [data-w-dropdown-target=toggle]").last.click()
    with oslo.expect_navigation():
        oslo.locator("button[name=action-submit]").click()
    # The submitting lead approved for OsloMet; the module waits for UCLL.
    assert "UCLL" in oslo.locator(".messages").inner_text()
    oslo.goto(edit_url)
    status = oslo.locator("[data-module-status]").inner_text()
    assert "OsloMet" in status and "UCLL" in status

    visitor = make_page()
    visitor.goto(live_server.url + PAGES["en"][1])
    assert new_summary not in visitor.inner_text("main")

    leuven = make_page(locale="en-GB")
    login(leuven, live_server, "teacher.leuven")
    leuven.goto(edit_url)
    assert "UCLL: waiting" in leuven.locator("[data-module-status]").inner_text()
    screenshot(leuven, "module-approval-leuven")
    with leuven.expect_navigation():
        leuven.get_by_role("button", name="Approve for UCLL and publish", exact=True).click()
    assert "published" in leuven.locator(".messages").inner_text()

    visitor.goto(live_server.url + PAGES["en"][1])
    assert new_summary in visitor.inner_text("main")


def test_partners_are_found_by_typing_in_the_editor(make_page, live_server):
    teacher = make_page(locale="en-GB")
    login(teacher, live_server, "teacher.oslo")
    teacher.goto(live_server.url + PAGES["en"][1])
    with teacher.expect_navigation():
        teacher.get_by_role(
            "link", name=re.compile("Edit this module|Rediger denne modulen")
        ).click()
    teacher.get_by_role("tab", name=re.compile("Partners|Partnere")).click()
    search = teacher.locator("[data-filter-input]")
    expect(search).to_have_accessible_name(re.compile("."))
    nci = teacher.get_by_role("checkbox", name=re.compile("Nordic Centre in India"))
    ucll = teacher.get_by_role("checkbox", name=re.compile("UC Leuven-Limburg"))
    oslomet = teacher.get_by_role("checkbox", name=re.compile("OsloMet"))
    assert ucll.is_checked() and oslomet.is_checked() and not nci.is_checked()

    ucll.uncheck()
    search.fill("belg")  # the country's name, as the label shows it
    expect(ucll).to_be_visible()
    expect(nci).to_be_hidden()
    expect(oslomet).to_be_visible()  # chosen partners never vanish from view
    status = teacher.locator("[data-filter-status]")
    expect(status).to_have_text(re.compile(r"^2 \w"))
    search.fill("india")
    expect(nci).to_be_visible()
    expect(ucll).to_be_hidden()
    assert_accessible(teacher)
    screenshot(teacher, "module-editor-partners")
    search.fill("")
    expect(ucll).to_be_visible()
