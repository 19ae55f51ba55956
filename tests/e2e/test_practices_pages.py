"""Good-practice examples in a real browser: finding them, filtering, phone layout, axe-core."""

import re

import pytest

from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.e2e

SIZES = {"desktop": (1280, 800), "phone": (360, 740)}
LISTINGS = {"en": "/en/good-practice/", "sv": "/sv/goda-exempel/"}
EXAMPLE = "linnaeus-funded-coil-module/"


def assert_fits_width(page):
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide on a {width}px screen"


def result_count(page):
    return int(page.locator("#results-heading").get_attribute("data-total"))


def facet_option(page, facet, value):
    return page.locator(f'a.facet-option[data-facet="{facet}"][data-value="{value}"]')


def option_count(page, facet, value):
    text = facet_option(page, facet, value).locator(".facet-count").inner_text()
    return int(re.match(r"\d+", text).group())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LISTINGS)
def test_listing_and_example_pages_are_accessible(make_page, live_server, language, size):
    width, height = SIZES[size]
    page = make_page(width=width, height=height)

    page.goto(live_server.url + LISTINGS[language])
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".example-card").count() >= 6
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"practices-listing-{language}-{size}")

    page.goto(live_server.url + LISTINGS[language] + EXAMPLE)
    assert page.locator(".rubric-table tbody tr").count() == 5
    assert page.locator(".example-hero img").get_attribute("alt")
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"practices-example-{language}-{size}")


def test_filters_fold_away_on_a_phone(make_page, live_server):
    page = make_page(width=360, height=740)
    page.goto(live_server.url + LISTINGS["en"])

    assert not page.locator("nav.facets").is_visible()
    page.get_by_text("Filter examples").first.click()
    assert page.locator("nav.facets").is_visible()
    assert_accessible(page)


def test_upper_secondary_examples_in_germany_are_two_clicks_from_home(page, live_server):
    page.goto(live_server.url + "/en/")

    page.locator(".sector-links a", has_text="Upper secondary").click()
    page.wait_for_url(re.compile(r"sector=upper_secondary"))
    page.locator('a.facet-option[data-facet="country"][data-value="DE"]').click()
    page.wait_for_url(re.compile(r"country=DE"))

    titles = page.locator(".example-card-title").all_inner_texts()
    assert "A German partner class before a term abroad" in titles
    assert all("Ålesund" not in title for title in titles)  # vocational, not upper secondary
    assert result_count(page) == len(titles)


def test_counts_change_as_filters_combine(page, live_server):
    page.goto(live_server.url + LISTINGS["en"])
    everything = result_count(page)
    germany_alone = option_count(page, "country", "DE")
    upper_secondary = option_count(page, "sector", "upper_secondary")

    facet_option(page, "sector", "upper_secondary").click()
    page.wait_for_url(re.compile(r"sector=upper_secondary"))
    assert result_count(page) == upper_secondary < everything
    germany_in_sector = option_count(page, "country", "DE")
    assert germany_in_sector < germany_alone

    facet_option(page, "country", "DE").click()
    page.wait_for_url(re.compile(r"country=DE"))
    assert result_count(page) == germany_in_sector
    # With Germany chosen, the sector counts are counted among German examples.
    assert option_count(page, "sector", "vocational") == germany_alone - germany_in_sector

    # The chips undo one filter at a time, and "Clear all" brings everything back.
    page.locator(".chip", has_text="Germany").click()
    page.wait_for_url(re.compile(r"\?sector=upper_secondary$"))
    assert result_count(page) == upper_secondary
    page.locator(".chip-reset").click()
    page.wait_for_url(re.compile(r"/en/good-practice/$"))
    assert result_count(page) == everything
