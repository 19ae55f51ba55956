"""The partner approval of a module, walked through in a real browser.

teacher.oslo (OsloMet, admin in Norwegian) changes the demo module "Outdoor play across
cultures" in the Wagtail editor and submits it; teacher.leuven (UCLL, English), with the
teachers' room open, sees the header's count go to 1 without a reload, follows the notice
to the editor and approves; that publishes the module, and teacher.oslo is told in the
platform and by e-mail, in Norwegian.

Publishing changes the demo data that other e2e tests read, so this walk has servers of
its own, which also write their e-mails to a folder the test reads.
"""

import email
import email.policy
import json

import pytest
from playwright.sync_api import expect

from collaboration.demo import MODULE_TITLE
from tests.e2e.conftest import assert_accessible, login, screenshot, seeded_server

pytestmark = pytest.mark.e2e

LIVE_TIMEOUT = 10_000  # ms: generous for a loaded machine; a count frame takes milliseconds
ADMIN_TIMEOUT = 30_000  # ms: the editor is a heavy page
MODULE_TITLE_NB = "Uteleik på tvers av kulturer"
NEW_SUMMARY = "Children in Oslo and Leuven compare how they play outdoors, in all weathers."
# The file backend ends every message with this line (django.core.mail.backends.filebased).
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"

FIND_MODULE = f"""
import json
from collaboration.models import SpaceKind
from modules.models import CourseModulePage
module = CourseModulePage.objects.filter(title={MODULE_TITLE!r}).order_by("pk").first()
print(json.dumps({{
    "module": module.pk,
    "url": module.url,
    "teachers_room": module.spaces.get(kind=SpaceKind.TEACHERS).pk,
}}))
"""


@pytest.fixture(scope="module")
def mail_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("mails")


@pytest.fixture(scope="module")
def approval_server(mail_dir):
    # dj-email-url drops the path's first slash: file:////tmp/x/ is the folder /tmp/x/.
    with seeded_server(EMAIL_URL=f"file:///{mail_dir}/") as server:
        yield server


@pytest.fixture(scope="module")
def demo_module(approval_server):
    result = approval_server.manage("shell", "-c", FIND_MODULE)
    return json.loads(result.stdout.strip().splitlines()[-1])


def mails_to(mail_dir, address):
    """The e-mails the servers wrote to `address`, oldest first, as email.message objects."""
    found = []
    for path in sorted(mail_dir.iterdir(), key=lambda p: p.stat().st_mtime_ns):
        for raw in path.read_bytes().split(MAIL_SEPARATOR):
            if raw.strip():
                message = email.message_from_bytes(raw, policy=email.policy.default)
                if address in message["To"]:
                    found.append(message)
    return found


def plain_text(message):
    part = message.get_body(preferencelist=("plain",))
    assert part is not None and part.get_content_type() == "text/plain", message
    return part.get_content()


def open_teachers_room(page, server, space_id, username):
    login(page, server, username)
    page.goto(f"{server.url}/spaces/{space_id}/")
    expect(page.locator("#discussion")).to_have_attribute(
        "data-connection", "open", timeout=LIVE_TIMEOUT
    )
    return page.locator("header [data-unread-notifications]")


def test_a_change_is_approved_by_the_partner_and_published(
    make_page, approval_server, demo_module, mail_dir
):
    server = approval_server
    room, module_id = demo_module["teachers_room"], demo_module["module"]
    edit_path = f"/admin/pages/{module_id}/edit/"

    # 1. teacher.leuven has the teachers' room open: a page with a socket, whose header
    # count follows live. The demo gives them no notices.
    leuven = make_page()
    leuven_badge = open_teachers_room(leuven, server, room, "teacher.leuven")
    expect(leuven_badge).to_have_text("0")
    expect(leuven_badge).to_be_hidden()
    assert_accessible(leuven)
    screenshot(leuven, "approval-1-leuven-teachers-room")

    # 2. teacher.oslo changes the summary in the editor and submits it. Their admin speaks
    # Norwegian, their profile's language.
    oslo = make_page()
    oslo.set_default_navigation_timeout(ADMIN_TIMEOUT)
    login(oslo, server, "teacher.oslo")
    oslo.goto(server.url + edit_path)
    expect(oslo.locator("html")).to_have_attribute("lang", "nb")
    oslo.fill("textarea[name=summary]", NEW_SUMMARY)
    oslo.locator("footer .w-dropdown__toggle").click()
    submit = oslo.locator("footer button[name=action-submit]")
    expect(submit).to_be_visible()
    expect(submit).to_have_text("Send til godkjenning hos partnerne")
    screenshot(oslo, "approval-2-oslo-submits")
    with oslo.expect_navigation():
        submit.click()
    # Wagtail's message, then ours: approved for OsloMet (the submitter's own), waiting for UCLL.
    expect(oslo.locator(".messages")).to_contain_text("Godkjent for OsloMet")
    expect(oslo.locator(".messages")).to_contain_text("UCLL")

    # 3. teacher.leuven's count goes to 1 without a reload, and they are e-mailed.
    expect(leuven_badge).to_have_text("1", timeout=LIVE_TIMEOUT)
    expect(leuven_badge).to_be_visible()
    expect(leuven.locator("header a.notifications-link")).to_have_attribute(
        "aria-label", "Notifications, 1 unread"
    )
    screenshot(leuven, "approval-3-leuven-count-1")
    # E-mails are sent by the request that caused them (the immediate task backend), so
    # they are written before its answer reaches the browser.
    [asked] = mails_to(mail_dir, "teacher.leuven@example.org")
    assert f"Ingrid Hansen asks you to approve “{MODULE_TITLE}”." in plain_text(asked)
    assert f"{server.url}{edit_path}" in plain_text(asked)

    leuven.locator("header a.notifications-link").click()
    assert leuven.url == f"{server.url}/en/me/notifications/"
    notice = leuven.locator("li.notification-unread")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text(f"Ingrid Hansen asks you to approve “{MODULE_TITLE}”.")
    assert_accessible(leuven)
    screenshot(leuven, "approval-4-leuven-notifications")

    # The notice leads to the editor, which shows the version to approve.
    leuven.set_default_navigation_timeout(ADMIN_TIMEOUT)
    with leuven.expect_navigation():
        notice.get_by_role("link").click()
    assert leuven.url == server.url + edit_path
    expect(leuven.locator("textarea[name=summary]")).to_have_value(NEW_SUMMARY)
    approve = leuven.locator("footer").get_by_role(
        "button", name="Approve for UCLL and publish", exact=True
    )
    expect(approve).to_be_visible()
    screenshot(leuven, "approval-5-leuven-editor")
    with leuven.expect_navigation():
        approve.click()
    expect(leuven.locator(".messages")).to_contain_text(
        "Every partner has approved: the module is published."
    )
    screenshot(leuven, "approval-6-leuven-approved")

    # Published: the public page shows the new summary.
    leuven.goto(server.url + demo_module["url"])
    expect(leuven.locator("main .lead")).to_have_text(NEW_SUMMARY)

    # 4. teacher.oslo is told, in Norwegian, in the platform and by e-mail.
    oslo.goto(f"{server.url}/nb/me/notifications/")
    expect(oslo.locator("html")).to_have_attribute("lang", "nb")
    published = oslo.locator("li.notification-unread", has_text=f"«{MODULE_TITLE_NB}»")
    expect(published).to_have_count(1)
    expect(published).to_contain_text(f"«{MODULE_TITLE_NB}» er publisert.")
    link = published.get_by_role("link")
    expect(link).to_have_attribute("href", "/nb/emnemoduler/uteleik-pa-tvers-av-kulturer/")
    assert_accessible(oslo)
    screenshot(oslo, "approval-7-oslo-notifications-nb")

    to_oslo = mails_to(mail_dir, "teacher.oslo@example.org")
    # The demo's mention of teacher.oslo names the module too: pick the publication's e-mail.
    told = [m for m in to_oslo if f"«{MODULE_TITLE_NB}» er publisert" in m["Subject"]]
    assert len(told) == 1, [(m["Subject"], m.get_payload()) for m in to_oslo]
    [told] = told
    assert told["To"] == "teacher.oslo@example.org"
    text = plain_text(told)
    assert f"«{MODULE_TITLE_NB}» er publisert." in text
    assert f"{server.url}/nb/emnemoduler/uteleik-pa-tvers-av-kulturer/" in text

    # The link leads to the module in Norwegian; the my page says it is published.
    link.click()
    expect(oslo.locator("h1")).to_have_text(MODULE_TITLE_NB)
    oslo.goto(f"{server.url}/nb/me/")
    card = oslo.locator(
        "article.mypage-module", has=oslo.get_by_role("heading", name=MODULE_TITLE_NB)
    )
    expect(card.locator(".mypage-approval .badge")).to_have_class("badge badge-ok")
    assert_accessible(oslo)
    screenshot(oslo, "approval-8-oslo-my-page-nb")
