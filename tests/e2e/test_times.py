"""Dates and times in the browser: the same styles as the server's, in the visitor's zone.

The discussion client draws message times with Intl in the page's language, 24-hour in
Norwegian even in a browser set to American English, exactly as the server draws them for
a reader without JavaScript. A visitor who is not signed in gets their browser's time zone,
remembered in a cookie, without an inline script.
"""

import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

OSLO = "student.oslo1"  # Europe/Oslo
LIVE_TIMEOUT = 10_000

# 16:44 UTC on Monday 5 October 2026: 18:44 in Oslo (summer time).
POST_OLD_MESSAGE = """
import datetime, json, uuid
from accounts.models import User
from collaboration.models import Message, Space
from collaboration.services import post_message
posted = post_message(user=User.objects.get(username={username!r}),
    space=Space.objects.get(pk={space}), body={body!r}, client_id=uuid.uuid4())
Message.objects.filter(pk=posted.message.pk).update(
    created_at=datetime.datetime(2026, 10, 5, 16, 44, tzinfo=datetime.UTC))
print(json.dumps(posted.message.pk))
"""


def post_old_message(live_server, space, body):
    code = POST_OLD_MESSAGE.format(username=OSLO, space=space, body=body)
    result = live_server.manage("shell", "-c", code)
    return json.loads(result.stdout.strip().splitlines()[-1])


def open_space_in_norwegian(make_page, live_server, space, javascript=True):
    page = make_page(locale="en-US", java_script_enabled=javascript)
    login(page, live_server, OSLO)
    page.context.add_cookies([{"name": "django_language", "value": "nb", "url": live_server.url}])
    page.goto(f"{live_server.url}/spaces/{space}/")
    if javascript:
        expect(page.locator("#discussion")).to_have_attribute("data-connection", "open")
    return page


def message_time(page, message_id):
    return page.locator(f"#m-{message_id} .message-time time")


def test_message_times_in_norwegian_are_24_hour_and_match_the_server(
    make_page, live_server, demo_group
):
    space = demo_group["space"]
    old_id = post_old_message(live_server, space, f"Old news {uuid.uuid4().hex[:8]}")

    scriptless = open_space_in_norwegian(make_page, live_server, space, javascript=False)
    server_text = message_time(scriptless, old_id).inner_text()
    assert server_text == "5. oktober 2026 kl. 18:44"

    page = open_space_in_norwegian(make_page, live_server, space)
    time = message_time(page, old_id)
    expect(time).to_have_text(server_text)
    expect(time).to_have_attribute("title", "mandag 5. oktober 2026 kl. 18:44 (Europe/Oslo)")

    # A message of today shows its time alone, 24-hour, as the server's drawing ends with it.
    today = f"I dag {uuid.uuid4().hex[:8]}"
    page.fill("#message-form [name=body]", today)
    page.press("#message-form [name=body]", "Enter")
    article = page.locator("#messages article.message[data-id]", has_text=today)
    expect(article).to_have_count(1, timeout=LIVE_TIMEOUT)
    shown = article.locator(".message-time time")
    expect(shown).to_have_text(re.compile(r"^\d\d:\d\d$"))
    scriptless.reload()
    drawn = scriptless.locator("#messages article.message", has_text=today)
    assert drawn.locator(".message-time time").inner_text().endswith(f" kl. {shown.inner_text()}")


def test_a_visitor_gets_their_browsers_time_zone(make_page, live_server):
    # (Chromium names some zones by their older aliases, Asia/Calcutta for Asia/Kolkata: the
    # server knows both.)
    page = make_page(timezone_id="America/Sao_Paulo")
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{live_server.url}/en/")
    control = page.locator("footer [data-time-zone-control]")
    expect(control).to_contain_text("Times in America/Sao_Paulo", timeout=LIVE_TIMEOUT)
    expect(control).to_have_attribute("data-source", "cookie")
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "coil_tz"]
    assert (cookie["value"], cookie["sameSite"]) == ("America/Sao_Paulo", "Lax")
    assert refused == []

    # A choice made on the time-zone page stays; the browser's zone does not overwrite it.
    control.get_by_role("link").click()
    page.fill("input[name=timezone]", "Asia/Kolkata")
    page.get_by_role("button", name="Show times in this zone").click()
    expect(page).to_have_url(f"{live_server.url}/en/")
    expect(control).to_contain_text("Times in Asia/Kolkata")
    page.reload()
    expect(control).to_contain_text("Times in Asia/Kolkata")
