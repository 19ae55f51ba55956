"""Every kind of page on a 360 px phone: nothing wider than the screen, axe-core clean (with
unique landmarks), the discussion as the page itself, flags as images.

Each page is visited in one language, the languages taking turns; bench/screenshots.py
visits all of them in every language at 360 and 1280 px.
"""

import pytest

from tests.e2e.conftest import assert_accessible, login, screenshot
from tests.e2e.site_map import LANGUAGES, PAGES, language_cookie, overflow, page_urls

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def urls(live_server):
    return page_urls(live_server)


def open_page(make_page, live_server, urls, name, user, language):
    page = make_page(**PHONE)
    if user:
        login(page, live_server, user)
    page.context.add_cookies([language_cookie(live_server, language)])
    page.goto(live_server.url + urls[language][name])
    page.wait_for_load_state("networkidle")
    return page


def assert_unique_landmarks(page):
    """axe-core's landmark-unique (a best practice, not among the WCAG rules)."""
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 - as in conftest

    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["landmark-unique"]}})
    assert not results.violations_count, results.generate_report()


@pytest.mark.parametrize(
    ("name", "user", "language"),
    [(name, user, LANGUAGES[index % len(LANGUAGES)]) for index, (name, user) in enumerate(PAGES)],
)
def test_page_fits_a_phone(make_page, live_server, urls, name, user, language):
    page = open_page(make_page, live_server, urls, name, user, language)
    screenshot(page, f"phone-{name}-{language}")
    if name == "admin":
        # Wagtail's own admin (its language follows the account, its dashboard lists what
        # other tests edited): it opens for the editor; the rest is Wagtail's to keep.
        assert page.locator("#wagtail").count() or page.locator("main").count()
        return
    assert page.locator("html").get_attribute("lang") == language
    found = overflow(page)
    assert found["extra"] == 0, f"{page.url} is {found['extra']}px too wide: {found['offenders']}"
    assert_accessible(page)
    assert_unique_landmarks(page)


def test_discussion_is_the_page_on_a_phone(make_page, live_server, urls):
    page = open_page(make_page, live_server, urls, "space", "student.oslo1", "nb")
    page.locator("#discussion.is-live").wait_for()
    # The page scrolls to the messages once the composer's height is known.
    page.wait_for_function(
        "document.getElementById('messages').getBoundingClientRect().top <= 0"
        " && document.documentElement.style.getPropertyValue('--composer-height')"
    )
    sizes = page.evaluate(
        """() => {
          const list = document.getElementById("messages").getBoundingClientRect();
          const form = document.getElementById("message-form").getBoundingClientRect();
          const scroller = document.scrollingElement;
          return {
            listTop: list.top, listBottom: list.bottom, formTop: form.top,
            formBottom: form.bottom, height: window.innerHeight,
            listScrolls: getComputedStyle(document.getElementById("messages")).overflowY,
            pageScrolled: scroller.scrollTop,
          };
        }"""
    )
    # The list does not scroll in a box of its own: the page does, and it opened at the
    # messages (the first unread, or the latest), which fill the screen from its top down
    # to the composer, which stays at the bottom of the screen.
    assert sizes["listScrolls"] == "visible"
    assert sizes["pageScrolled"] > 0
    assert sizes["listTop"] <= 0
    assert sizes["listBottom"] >= sizes["formTop"] - 60  # at most the typing line between
    assert abs(sizes["formBottom"] - sizes["height"]) <= 1
    assert sizes["formTop"] >= sizes["height"] / 2
    # Scrolled up, the composer is still at the bottom of the screen.
    page.mouse.wheel(0, -600)
    page.wait_for_function("document.scrollingElement.scrollTop >= 0")
    form = page.locator("#message-form").bounding_box()
    assert abs(form["y"] + form["height"] - PHONE["height"]) <= 1
    # Sending from the phone shows the message above the composer.
    page.fill("#message-form textarea", "Sent from a phone")
    page.click("#message-form button[type=submit]")
    sent = page.locator("#messages article.message", has_text="Sent from a phone").last
    sent.wait_for()
    page.wait_for_function(
        """() => {
          const articles = document.querySelectorAll("#messages article.message");
          const last = articles[articles.length - 1].getBoundingClientRect();
          const form = document.getElementById("message-form").getBoundingClientRect();
          return last.bottom <= form.top + 1 && last.top >= 0;
        }"""
    )
    assert_accessible(page)


def test_flags_are_images_with_the_country_name(make_page, live_server, urls):
    page = open_page(make_page, live_server, urls, "module", None, "sv")
    flags = page.locator(".module-facts img.flag")
    assert flags.count() == 2
    assert sorted(flags.evaluate_all("els => els.map(e => e.alt)")) == ["Belgien", "Norge"]
    assert flags.evaluate_all("els => els.every(e => e.complete && e.naturalWidth > 0)")
    # Where the country's name is written next to it, the flag is hidden from screen readers.
    partner_flags = page.locator(".partner-name img.flag")
    assert partner_flags.evaluate_all(
        "els => els.every(e => e.alt === '' && e.getAttribute('aria-hidden') === 'true')"
    )
    assert "\U0001f1f3" not in page.locator("main").inner_text()  # no regional indicator
