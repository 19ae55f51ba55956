"""The my page in a real browser: a student and a teacher, in three languages, phone and desktop."""

import pytest

from tests.e2e.conftest import assert_accessible, login, screenshot

pytestmark = pytest.mark.e2e

WIDTHS = {"phone": (360, 740), "desktop": (1280, 800)}
# The page's main heading of each role's section and the demo module's title, per language.
LANGUAGES = {
    "en": ("Modules you take part in", "Modules you teach", "Outdoor play across cultures"),
    "nb": (
        "Emnemoduler du deltar i",
        "Emnemoduler du underviser i",
        "Uteleik på tvers av kulturer",
    ),
    "sv": (
        "Kursmoduler du deltar i",
        "Kursmoduler du undervisar i",
        "Outdoor play across cultures",
    ),
}
PEOPLE = {"student.oslo1": "studying-heading", "teacher.oslo": "teaching-heading"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", WIDTHS)
@pytest.mark.parametrize("username", PEOPLE)
def test_signing_in_lands_on_an_accessible_my_page(
    make_page, live_server, username, size, language
):
    width, height = WIDTHS[size]
    page = make_page(width=width, height=height)
    # The sign-in page is shown in the cookie's language; signing in lands on the my page
    # in that language, whatever the account prefers.
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    login(page, live_server, username)
    assert page.url == f"{live_server.url}/{language}/me/"
    studying, teaching, title = LANGUAGES[language]
    heading = page.locator(f"#{PEOPLE[username]}")
    assert heading.inner_text() == (studying if username.startswith("student") else teaching)
    section = page.locator(f"section[aria-labelledby={PEOPLE[username]}]")
    assert section.get_by_role("link", name=title, exact=True).count() == 1
    assert page.locator(".main-nav a[aria-current=page]").get_attribute("href") == (
        f"/{language}/me/"
    )

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width}px wide on a {width}px screen"
    assert_accessible(page)
    screenshot(page, f"mypage-{username}-{language}-{size}")
