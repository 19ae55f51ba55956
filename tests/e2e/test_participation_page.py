"""The participation figures in a real browser: coordinator.oslo on a desktop and a phone."""

import pytest

from tests.e2e.conftest import assert_accessible, login, screenshot

pytestmark = pytest.mark.e2e

SIZES = {"desktop": (1280, 800), "phone": (360, 740)}
# coordinator.oslo reads Norwegian; the language cookie shows the page in English instead,
# without changing the shared demo account.
LANGUAGES = {
    "en": ("Participation", "Participation figures", "Outdoor play across cultures"),
    "nb": ("Deltakelse", "Deltakertall", "Uteleik på tvers av kulturer"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_coordinator_sees_the_figures_of_the_demo_module(make_page, live_server, size, language):
    width, height = SIZES[size]
    link, heading, title = LANGUAGES[language]
    page = make_page(width=width, height=height)
    login(page, live_server, "coordinator.oslo")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + f"/{language}/")
    with page.expect_navigation():
        page.locator(".main-nav").get_by_role("link", name=link, exact=True).click()
    assert page.url == live_server.url + f"/{language}/participation/"
    assert page.locator("h1").inner_text() == heading

    # The demo module appears once (its translation is not a second module), in the
    # reader's language, with its six students in two groups.
    modules = page.locator("article.participation-module")
    demo = modules.filter(has=page.get_by_role("link", name=title, exact=True))
    assert demo.count() == 1
    assert modules.count() == 3  # the demo modules in which OsloMet is a partner
    assert demo.locator("table.enrolled td.total").inner_text() == "6"
    assert demo.locator("td[data-figure='groups']").inner_text() == "2"
    text = page.locator("main").inner_text()
    # Counts only: nothing from the demo conversation, no student's name.
    students = ["Sofie Berg", "Jonas Lie", "Amina Yusuf", "Lotte Peeters", "Emma Claes"]
    for secret in ["tikkertje", "risky play", *students]:
        assert secret not in text

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width}px wide on a {width}px screen"
    assert_accessible(page)
    screenshot(page, f"participation-{language}-{size}")
