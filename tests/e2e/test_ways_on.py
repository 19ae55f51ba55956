"""The 404 page, the site search and the help pages in a browser: en, nb, sv at 360 and 1280 px."""

import pytest

from tests.e2e.conftest import assert_accessible, login, screenshot
from tests.e2e.test_site_pages import SIZES, assert_fits_width, open_page

pytestmark = pytest.mark.e2e

# A search in each language that finds demo content in that language.
SEARCHES = {"en": "outdoor play", "nb": "uteleik", "sv": "COIL"}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_the_404_page_speaks_the_language_and_shows_ways_on(make_page, live_server, language, size):
    page = open_page(make_page, size)
    response = page.goto(f"{live_server.url}/{language}/does-not-exist/")

    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    ways = page.locator("main nav.ways-on a")
    assert ways.first.get_attribute("href") == f"/{language}/"
    assert page.locator(f"main nav.ways-on a[href='/{language}/search/']").count() == 1
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"not-found-{language}-{size}")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_the_header_search_finds_demo_content(make_page, live_server, language, size):
    # Without JavaScript: the header's form is a plain GET form.
    page = open_page(make_page, size, java_script_enabled=False)
    page.goto(f"{live_server.url}/{language}/")
    page.fill("header [role=search] input[name=q]", SEARCHES[language])
    with page.expect_navigation():
        page.press("header [role=search] input[name=q]", "Enter")

    assert page.url.startswith(f"{live_server.url}/{language}/search/?q=")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".search-group").count() >= 1
    assert page.locator(".search-hit").count() >= 1
    first = page.locator(".search-hit-title a").first.get_attribute("href")
    assert first.startswith(f"/{language}/")
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"search-{language}-{size}")


def test_a_search_groups_modules_and_examples(page, live_server):
    page.goto(f"{live_server.url}/en/search/?q=outdoor+play")
    headings = page.locator(".search-group h3").all_inner_texts()
    assert headings == ["Modules", "Good-practice examples"]
    assert "Outdoor play across cultures" in page.locator(".search-group").first.inner_text()


def test_the_my_page_and_the_footer_lead_to_help(page, live_server):
    login(page, live_server, "teacher.oslo")
    page.goto(f"{live_server.url}/en/me/")
    page.click("nav.mypage-help >> text=Help for teachers")
    assert page.url == f"{live_server.url}/en/help/teacher/"
    assert page.locator("h1").inner_text() == "Help for teachers"
    assert_accessible(page)
    page.click("footer >> text=Help")
    assert page.url == f"{live_server.url}/en/help/"
    assert_accessible(page)
    screenshot(page, "help-en-desktop")
