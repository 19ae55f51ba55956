"""The discussion page in headless Chromium against real daphne servers.

Two students of different institutions in the same demo group talk live; one drops off the
network and catches up; the page works without JavaScript; an outsider is refused on the
page and on the socket; with Redis, two daphne processes deliver across processes. The page
keeps to the change sequence: whatever was posted, edited, hidden or shown again while it was
away or whose frame never came (the head tells it), and across a restart of its server, it
ends up showing each stored message once, in its current state, as the server has it.
"""

import json
import os
import re
import tempfile
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, login, screenshot
from tests.e2e.servers import DaphneServer, LiveServer, is_postgres

pytestmark = pytest.mark.e2e

OSLO = "student.oslo1"
LIVE_TIMEOUT = 10_000  # ms: generous for a loaded CI machine; delivery itself takes milliseconds


def unique(text):
    return f"{text} {uuid.uuid4().hex[:8]}"


def open_space(page, server, space_id, username, language="en"):
    """Sign in and open the space; the page speaks `language` (None: the user's own)."""
    base_url = getattr(server, "url", server)
    login(page, base_url, username)
    if language:
        # After signing in, which sets the cookie to the user's own language.
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page.goto(f"{base_url}/spaces/{space_id}/")
    expect(page.locator("#discussion")).to_have_attribute("data-connection", "open")
    return page


def send(page, text, topic=None):
    if topic is not None:
        page.fill("#message-form [name=topic]", topic)
    page.fill("#message-form [name=body]", text)
    page.press("#message-form [name=body]", "Enter")


def message(page, text):
    """The confirmed (stored) message with this text, not the pending copy."""
    return page.locator("#messages article.message[data-id]", has_text=text)


def test_students_of_two_institutions_talk_live(make_page, live_server, demo_group):
    oslo = open_space(make_page(), live_server, demo_group["space"], OSLO)
    leuven = open_space(make_page(), live_server, demo_group["space"], demo_group["partner"])

    # Each sees the other online, with institution and local time.
    presence = oslo.locator("#presence")
    expect(presence).to_contain_text(demo_group["partner_name"], timeout=LIVE_TIMEOUT)
    expect(presence.locator("li", has_text=demo_group["partner_name"])).to_contain_text("UCLL")
    expect(presence.locator("li", has_text=demo_group["partner_name"])).to_contain_text(
        re.compile(r"\d{1,2}[:.]\d{2}")
    )

    # Typing shows on the other side.
    leuven.locator("#message-form [name=body]").press_sequentially("Hei")
    expect(oslo.locator(".typing-indicator")).to_contain_text(
        demo_group["partner_name"], timeout=LIVE_TIMEOUT
    )
    leuven.fill("#message-form [name=body]", "")

    hello = unique("Hello from Oslo, shall we meet on Thursday?")
    send(oslo, hello)
    # The sender's copy is confirmed by the server and the textarea is ready for the next one.
    expect(message(oslo, hello)).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(oslo.locator("#message-form [name=body]")).to_have_value("")
    expect(oslo.locator("#message-form [name=body]")).to_be_focused()

    arrived = message(leuven, hello)
    expect(arrived).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(arrived.locator(".message-author")).to_have_text("Sofie Berg")
    expect(arrived.locator(".message-institution")).to_have_text("OsloMet")

    # Markdown arrives rendered, and the reply goes to a topic of its own.
    reply = unique("Thursday works for Leuven")
    send(leuven, f"**{reply}**", topic="planning")
    answer = message(oslo, reply)
    expect(answer).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(answer.locator(".message-body strong")).to_have_text(reply)
    expect(answer.locator(".message-topic")).to_have_text("planning")
    # Screen-reader users hear it.
    expect(oslo.locator("#live-status")).to_contain_text(reply)

    # Choosing a topic shows only its messages, and writing then goes to that topic.
    oslo.locator("nav.topic-filter a", has_text="planning").click()
    expect(message(oslo, hello)).to_be_hidden()
    expect(answer).to_be_visible()
    expect(oslo.locator("#message-form [name=topic]")).to_have_value("planning")
    oslo.locator("nav.topic-filter a", has_text="All topics").click()
    expect(message(oslo, hello)).to_be_visible()
    expect(oslo.locator("#message-form [name=topic]")).to_have_value("")

    screenshot(oslo, "discussion-oslo-desktop")
    screenshot(leuven, "discussion-leuven-desktop")


def test_offline_student_catches_up_and_nothing_is_sent_twice(make_page, live_server, demo_group):
    oslo = open_space(make_page(), live_server, demo_group["space"], OSLO)
    leuven = open_space(make_page(), live_server, demo_group["space"], demo_group["partner"])

    leuven.context.set_offline(True)
    expect(leuven.locator("#discussion")).to_have_attribute("data-connection", "closed")

    missed = [unique("While you were away"), unique("Second thing you missed")]
    for text in missed:
        send(oslo, text)
        expect(message(oslo, text)).to_have_count(1, timeout=LIVE_TIMEOUT)
    # Written offline: shown at once as pending, sent when the connection is back.
    queued = unique("Written on the train")
    send(leuven, queued)
    pending = leuven.locator("#messages article.message-pending", has_text=queued)
    expect(pending).to_have_count(1)
    assert_accessible(leuven)  # "Sending…" is as readable as the rest of the message
    expect(message(leuven, missed[0])).to_have_count(0)

    leuven.context.set_offline(False)
    expect(leuven.locator("#discussion")).to_have_attribute(
        "data-connection", "open", timeout=LIVE_TIMEOUT
    )
    for text in missed:
        expect(message(leuven, text)).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(message(leuven, queued)).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(pending).to_have_count(0)
    expect(message(oslo, queued)).to_have_count(1, timeout=LIVE_TIMEOUT)
    # In order: what Oslo wrote first comes first.
    texts = leuven.locator("#messages article.message[data-id]").all_inner_texts()
    first, second = (next(i for i, t in enumerate(texts) if text in t) for text in missed)
    assert first < second
    expect(leuven.locator("#live-status")).to_contain_text("Reconnected")

    # A reload later shows each message once, and the page marks where the new ones start.
    oslo.close()
    later = unique("Posted while the page was closed")
    leuven.goto(f"{live_server.url}/spaces/{demo_group['space']}/")
    expect(leuven.locator("#discussion")).to_have_attribute("data-connection", "open")
    expect(message(leuven, queued)).to_have_count(1)
    other = open_space(make_page(), live_server, demo_group["space"], OSLO)
    leuven.close()
    send(other, later)
    expect(message(other, later)).to_have_count(1, timeout=LIVE_TIMEOUT)
    back = open_space(make_page(), live_server, demo_group["space"], demo_group["partner"])
    divider = back.locator("#messages .unread-divider")
    expect(divider).to_have_count(1)
    expect(divider.locator("xpath=following-sibling::li[1]//article")).to_contain_text(later)


def test_page_without_javascript_posts_with_the_form(make_page, live_server, demo_group):
    watcher = open_space(make_page(), live_server, demo_group["space"], OSLO)
    page = make_page(java_script_enabled=False)
    login(page, live_server, demo_group["partner"])
    page.goto(f"{live_server.url}/spaces/{demo_group['space']}/")
    text = unique("Sent from a browser without JavaScript")
    page.fill("#message-form [name=body]", text)
    page.fill("#message-form [name=topic]", "no-script")
    with page.expect_navigation():
        page.click("#message-form button[type=submit]")
    posted = page.locator("#messages article.message", has_text=text)
    expect(posted).to_have_count(1)
    expect(posted.locator(".message-topic")).to_have_text("no-script")
    assert re.search(r"#m-\d+$", page.url)
    # No live machinery without JavaScript.
    expect(page.locator(".connection-status")).to_have_count(0)
    screenshot(page, "discussion-no-js")
    assert_accessible(page)

    # A message posted over HTTP reaches the people connected by WebSocket.
    expect(message(watcher, text)).to_have_count(1, timeout=LIVE_TIMEOUT)


def test_live_strings_follow_the_users_language(make_page, live_server, demo_group):
    # student.oslo1 prefers Norwegian bokmål; the script's strings come from /jsi18n/.
    page = open_space(make_page(), live_server, demo_group["space"], OSLO, language=None)
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.locator(".connection-status")).to_have_text("Tilkoblet")
    expect(page.locator(".keyboard-hint")).to_have_text("Enter sender, Shift+Enter gir ny linje.")
    expect(page.locator("nav.topic-filter a").first).to_have_text("Alle emner")
    expect(page.locator("#presence")).to_contain_text("lokal tid", timeout=LIVE_TIMEOUT)


def test_older_messages_load_into_the_conversation(make_page, live_server, demo_group):
    page = open_space(make_page(), live_server, demo_group["plaza"], OSLO)
    batch = unique("Plaza note")
    for number in range(35):
        send(page, f"{batch} #{number:02d}")
    expect(message(page, f"{batch} #34")).to_have_count(1, timeout=LIVE_TIMEOUT)

    page.reload()
    expect(page.locator("#discussion")).to_have_attribute("data-connection", "open")
    # The server shows the latest page; the first notes are further back.
    expect(message(page, f"{batch} #34")).to_have_count(1)
    expect(message(page, f"{batch} #00")).to_have_count(0)
    older = page.locator("button.load-older")
    older.click()
    expect(message(page, f"{batch} #00")).to_have_count(1, timeout=LIVE_TIMEOUT)
    ids = [
        int(i)
        for i in page.locator("#messages article[data-id]").evaluate_all(
            "articles => articles.map((article) => article.dataset.id)"
        )
    ]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))
    expect(page.locator("#live-status")).to_contain_text("older messages shown")


SOCKET_CLOSE_CODE = """
async (path) => await new Promise((resolve) => {
  const socket = new WebSocket("ws://" + location.host + path);
  socket.addEventListener("close", (event) => resolve(event.code));
})
"""


def test_outsider_is_refused_on_the_page_and_on_the_socket(page, live_server, demo_group):
    login(page, live_server, "student.kolkata1")
    for space in (demo_group["space"], demo_group["plaza"]):
        response = page.goto(f"{live_server.url}/spaces/{space}/")
        assert response.status == 403
        expect(page.locator("#messages")).to_have_count(0)
        assert page.evaluate(SOCKET_CLOSE_CODE, f"/ws/spaces/{space}/") == 4403
    assert page.evaluate(SOCKET_CLOSE_CODE, "/ws/spaces/999999/") == 4404
    screenshot(page, "discussion-refused")
    api = page.request.get(f"{live_server.url}/api/spaces/{demo_group['space']}/messages/")
    assert api.status == 403


def test_signing_out_elsewhere_stops_the_live_page(make_page, live_server, demo_group):
    page = open_space(make_page(), live_server, demo_group["space"], OSLO)
    other_tab = page.context.new_page()
    other_tab.goto(f"{live_server.url}/accounts/profile/")
    with other_tab.expect_navigation():
        other_tab.click("form[action$='logout/'] button")
    status = page.locator(".connection-status")
    expect(status).to_have_attribute("data-state", "stopped", timeout=LIVE_TIMEOUT)
    expect(status).to_contain_text("Sign in again")
    expect(page.locator("#message-form [name=body]")).to_be_disabled()
    expect(page.locator("#live-status")).to_contain_text("session has ended")


def test_author_edits_and_teacher_hides(make_page, live_server, demo_group):
    student = open_space(make_page(), live_server, demo_group["space"], OSLO)
    teacher = open_space(make_page(), live_server, demo_group["space"], "teacher.oslo")
    text = unique("Meet at 14:00")
    send(student, text)
    expect(message(student, text)).to_have_count(1, timeout=LIVE_TIMEOUT)
    message_id = message(student, text).get_attribute("id")
    mine = student.locator(f"#{message_id}")

    mine.locator("button.edit").click()
    field = mine.locator(".edit-form textarea")
    expect(field).to_be_focused()
    expect(field).to_have_value(text)
    new_text = text.replace("14:00", "15:00")
    field.fill(new_text)
    field.press("Enter")
    edited = message(teacher, new_text)
    expect(edited).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(edited.locator(".message-edited")).to_be_visible()
    expect(mine.locator(".message-edited")).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(mine.locator("button.edit")).to_be_focused()

    # Students have no hide control; the teacher's hides the message for everyone.
    expect(mine.locator("form.message-hide")).to_have_count(0)
    badge = student.locator("header [data-unread-notifications]")
    unread_before = int(badge.text_content() or 0)
    teacher.once("dialog", lambda dialog: dialog.accept("Off topic"))
    edited.locator("form.message-hide button").click()
    expect(mine).to_have_count(0, timeout=LIVE_TIMEOUT)
    expect(message(teacher, new_text)).to_have_count(0, timeout=LIVE_TIMEOUT)
    expect(student.locator("#live-status")).to_contain_text("hid a message")
    # The author is told, live in the header, and the notice gives the teacher's reason.
    expect(badge).to_have_text(str(unread_before + 1), timeout=LIVE_TIMEOUT)
    student.locator("header a.notifications-link").click()
    expect(student.locator("main")).to_contain_text("Reason: Off topic")


@pytest.mark.parametrize("width", [1280, 360])
def test_discussion_page_is_accessible(make_page, live_server, demo_group, width):
    page = open_space(make_page(width=width, height=800), live_server, demo_group["space"], OSLO)
    expect(page.locator("#presence")).to_contain_text("Sofie Berg", timeout=LIVE_TIMEOUT)
    assert_accessible(page)
    # Nothing wider than the phone's screen.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, f"discussion-{width}")


def test_two_daphne_processes_deliver_across_processes(make_page, live_server, demo_group):
    if not os.environ.get("REDIS_URL"):
        pytest.skip(
            "needs REDIS_URL: without Redis each daphne process has its own in-memory channel "
            "layer, so messages cannot cross between processes"
        )
    second = live_server.start_server()
    try:
        oslo = open_space(make_page(), live_server.url, demo_group["space"], OSLO)
        leuven = open_space(make_page(), second.url, demo_group["space"], demo_group["partner"])
        text = unique("Across two processes")
        send(oslo, text)
        expect(message(leuven, text)).to_have_count(1, timeout=LIVE_TIMEOUT)
        reply = unique("And back again")
        send(leuven, reply)
        expect(message(oslo, reply)).to_have_count(1, timeout=LIVE_TIMEOUT)
    finally:
        second.stop()


# --- The change sequence ---------------------------------------------------------------------


def server_state(page, base_url, space_id):
    """{"visible": {id: message}, "hidden": [ids]} from ?after_seq=0, with the page's session."""
    visible, hidden, after_seq = {}, set(), 0
    while True:
        response = page.request.get(
            f"{base_url}/api/spaces/{space_id}/messages/?after_seq={after_seq}"
        )
        assert response.status == 200, response.text()
        data = response.json()
        for change in data["changes"]:
            if change["kind"] == "hidden":
                hidden.add(change["id"])
            else:
                visible[change["message"]["id"]] = change["message"]
        if not data["has_more"]:
            return {"visible": {str(k): v for k, v in visible.items()}, "hidden": sorted(hidden)}
        after_seq = data["changes"][-1]["seq"]


# What differs between the page and the server's record: every message shown is stored and
# visible, once, in its current state (text, edited mark, seq); every visible message from
# the first one shown on is shown; nothing is left pending.
MISMATCHES = """
(state) => {
  const problems = [];
  const articles = Array.from(document.querySelectorAll("#messages article.message"));
  const shown = articles.filter((article) => article.dataset.id);
  if (shown.length < articles.length) problems.push("pending messages remain");
  const ids = shown.map((article) => Number(article.dataset.id));
  if (new Set(ids).size !== ids.length) problems.push("a message is shown twice: " + ids);
  if (ids.join() !== [...ids].sort((a, b) => a - b).join()) problems.push("out of order: " + ids);
  const text = (html) => {
    const box = document.createElement("div");
    box.innerHTML = html;
    return box.textContent.trim();
  };
  for (const article of shown) {
    const stored = state.visible[article.dataset.id];
    if (!stored) {
      problems.push("shown but not visible on the server: " + article.dataset.id);
      continue;
    }
    const body = article.querySelector(".message-body").textContent.trim();
    if (body !== text(stored.body_html)) problems.push("old text of " + stored.id + ": " + body);
    if (Boolean(article.querySelector(".message-edited")) !== Boolean(stored.edited_at)) {
      problems.push("edited mark of " + stored.id);
    }
    if (Number(article.dataset.seq) !== stored.seq) problems.push("seq of " + stored.id);
  }
  const first = Math.min(...ids);
  for (const id of Object.keys(state.visible).map(Number)) {
    if (id >= first && !ids.includes(id)) problems.push("missing: " + id);
  }
  return problems;
}
"""


def expect_page_matches_server(page, base_url, space_id):
    state = server_state(page, base_url, space_id)
    try:
        page.wait_for_function(
            f"(state) => ({MISMATCHES})(state).length === 0", arg=state, timeout=LIVE_TIMEOUT
        )
    except Exception:  # noqa: BLE001 - report what differs instead of a bare timeout
        pytest.fail(f"the page differs from the server: {page.evaluate(MISMATCHES, state)}")
    return state


def edit(page, text, new_text):
    mine = message(page, text)
    mine.locator("button.edit").click()
    field = mine.locator(".edit-form textarea")
    field.fill(new_text)
    field.press("Enter")
    expect(message(page, new_text).locator(".message-edited")).to_be_visible(timeout=LIVE_TIMEOUT)


def hide(teacher, text):
    teacher.once("dialog", lambda dialog: dialog.accept())
    message(teacher, text).locator("form.message-hide button").click()
    expect(message(teacher, text)).to_have_count(0, timeout=LIVE_TIMEOUT)


def test_page_that_was_offline_shows_what_changed_meanwhile(make_page, live_server, demo_group):
    space = demo_group["space"]
    oslo = open_space(make_page(), live_server, space, OSLO)
    teacher = open_space(make_page(), live_server, space, "teacher.oslo")
    leuven = open_space(make_page(), live_server, space, demo_group["partner"])
    token = uuid.uuid4().hex[:8]
    kept, doomed = f"Plan A {token}", f"Plan B {token}"
    for text in (kept, doomed):
        send(oslo, text)
        expect(message(leuven, text)).to_have_count(1, timeout=LIVE_TIMEOUT)
        expect(message(teacher, text)).to_have_count(1, timeout=LIVE_TIMEOUT)

    leuven.context.set_offline(True)
    expect(leuven.locator("#discussion")).to_have_attribute("data-connection", "closed")
    changed = f"Plan A, changed {token}"
    edit(oslo, kept, changed)
    hide(teacher, doomed)
    new = f"Posted while you were away {token}"
    brief = f"Posted and hidden while you were away {token}"
    for text in (new, brief):
        send(oslo, text)
        expect(message(teacher, text)).to_have_count(1, timeout=LIVE_TIMEOUT)
    hide(teacher, brief)
    # Still the old state: the page heard nothing.
    expect(message(leuven, kept)).to_have_count(1)
    expect(message(leuven, doomed)).to_have_count(1)

    leuven.context.set_offline(False)
    expect(leuven.locator("#discussion")).to_have_attribute(
        "data-connection", "open", timeout=LIVE_TIMEOUT
    )
    expect(message(leuven, changed)).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(message(leuven, changed).locator(".message-edited")).to_be_visible()
    expect(message(leuven, doomed)).to_have_count(0)
    expect(message(leuven, new)).to_have_count(1)
    expect(message(leuven, brief)).to_have_count(0)
    state = expect_page_matches_server(leuven, live_server.url, space)
    hidden_ids = {int(i) for i in state["hidden"]}
    shown = leuven.locator("#messages article[data-id]").evaluate_all(
        "articles => articles.map((article) => Number(article.dataset.id))"
    )
    assert not hidden_ids & set(shown)
    assert_accessible(leuven)


QUIET_CHANGES = """
import json, uuid
from accounts.models import User
from collaboration import events, services
from collaboration.models import Space

# No frame goes out for these changes: the open pages learn of them from the head alone.
events.send_now = lambda group, event: None
data = json.loads({data!r})
space = Space.objects.get(pk=data["space"])
teacher = User.objects.get(username="teacher.oslo")
posted = services.post_message(
    user=User.objects.get(username=data["author"]),
    space=space,
    body=data["body"],
    client_id=uuid.uuid4(),
)
services.hide_message(user=teacher, space=space, message_id=data["hide"])
services.unhide_message(user=teacher, space=space, message_id=data["unhide"])
print(json.dumps({{"id": posted.message.pk}}))
"""


def test_changes_without_a_frame_reach_the_page_through_the_head(
    make_page, live_server, demo_group
):
    space = demo_group["space"]
    page = open_space(make_page(), live_server, space, OSLO)
    teacher = open_space(make_page(), live_server, space, "teacher.oslo")
    token = uuid.uuid4().hex[:8]
    stays, goes, back = (f"{name} {token}" for name in ("Stays", "Goes", "Comes back"))
    for text in (back, goes, stays):
        send(page, text)
        expect(message(page, text)).to_have_count(1, timeout=LIVE_TIMEOUT)
        expect(message(teacher, text)).to_have_count(1, timeout=LIVE_TIMEOUT)
    back_id, goes_id, stays_id = (
        int(message(page, text).get_attribute("data-id")) for text in (back, goes, stays)
    )
    hide(teacher, back)
    expect(message(page, back)).to_have_count(0, timeout=LIVE_TIMEOUT)

    quiet = f"Stored without a broadcast {token}"
    data = {
        "space": space,
        "author": demo_group["partner"],
        "body": quiet,
        "hide": goes_id,
        "unhide": back_id,
    }
    live_server.manage("shell", "-c", QUIET_CHANGES.format(data=json.dumps(data)))

    # A head beyond what the page holds makes it sync (COIL_HEAD_INTERVAL is 1 s here).
    expect(message(page, quiet)).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(message(page, goes)).to_have_count(0, timeout=LIVE_TIMEOUT)
    # Shown again by the teacher: back in its place, before the later messages.
    expect(message(page, back)).to_have_count(1, timeout=LIVE_TIMEOUT)
    ids = page.locator("#messages article[data-id]").evaluate_all(
        "articles => articles.map((article) => Number(article.dataset.id))"
    )
    assert ids.index(back_id) < ids.index(stays_id)
    expect_page_matches_server(page, live_server.url, space)


# Keeps the close code of every socket the page opens in window.closeCodes.
RECORD_CLOSE_CODES = """
window.closeCodes = [];
window.WebSocket = class extends window.WebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("close", (event) => window.closeCodes.push(event.code));
  }
};
"""


def test_page_reconnects_to_its_restarted_server_and_syncs(make_page, live_server, demo_group):
    space = demo_group["space"]
    own = live_server.start_server()
    again = None
    try:
        page = make_page()
        page.add_init_script(RECORD_CLOSE_CODES)
        open_space(page, own, space, demo_group["partner"])
        oslo = open_space(make_page(), live_server, space, OSLO)
        teacher = open_space(make_page(), live_server, space, "teacher.oslo")
        token = uuid.uuid4().hex[:8]
        before, doomed = f"Before the restart {token}", f"Hidden during the restart {token}"
        for text in (before, doomed):
            send(oslo, text)
            # Without Redis the page's server hears of it only from the head.
            expect(message(page, text)).to_have_count(1, timeout=LIVE_TIMEOUT)
            expect(message(teacher, text)).to_have_count(1, timeout=LIVE_TIMEOUT)

        own.stop()
        expect(page.locator("#discussion")).to_have_attribute(
            "data-connection", "closed", timeout=LIVE_TIMEOUT
        )
        changed = f"Changed during the restart {token}"
        edit(oslo, before, changed)
        hide(teacher, doomed)
        new = f"Posted during the restart {token}"
        send(oslo, new)
        expect(message(oslo, new)).to_have_count(1, timeout=LIVE_TIMEOUT)

        again = live_server.start_server(port=own.port)
        # The backoff may have grown while the server was away.
        expect(page.locator("#discussion")).to_have_attribute(
            "data-connection", "open", timeout=40_000
        )
        expect(message(page, changed)).to_have_count(1, timeout=LIVE_TIMEOUT)
        expect(message(page, doomed)).to_have_count(0)
        expect(message(page, new)).to_have_count(1)
        expect_page_matches_server(page, again.url, space)
        expect(page.locator("#live-status")).to_contain_text("Reconnected")
        codes = page.evaluate("window.closeCodes")
        assert codes and not {4401, 4403, 4404} & set(codes), codes
    finally:
        own.stop()
        if again is not None:
            again.stop()


def test_read_only_page_of_a_superuser_stops_without_errors(make_page, live_server, demo_group):
    page = make_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_space(page, live_server, demo_group["space"], "admin")
    # Superusers read and hide everywhere but post only where they take part.
    expect(page.locator("#message-form")).to_have_count(0)
    expect(page.locator("#messages form.message-hide").first).to_be_attached()
    assert_accessible(page)

    other_tab = page.context.new_page()
    other_tab.goto(f"{live_server.url}/accounts/profile/")
    with other_tab.expect_navigation():
        other_tab.click("form[action$='logout/'] button")
    status = page.locator(".connection-status")
    expect(status).to_have_attribute("data-state", "stopped", timeout=LIVE_TIMEOUT)
    expect(status).to_contain_text("Sign in again")
    expect(page.locator("#live-status")).to_contain_text("session has ended")
    page.evaluate("() => 0")  # every error thrown before it has been reported
    assert errors == []


CHANGES_WHILE_DOWN = """
import json, uuid
from accounts.models import User
from collaboration import services
from collaboration.models import Space

data = json.loads({data!r})
space = Space.objects.get(pk=data["space"])
services.edit_message(
    user=User.objects.get(username=data["author"]),
    space=space,
    message_id=data["edit"],
    body=data["edited"],
)
services.hide_message(
    user=User.objects.get(username="teacher.oslo"), space=space, message_id=data["hide"]
)
services.post_message(
    user=User.objects.get(username=data["author"]),
    space=space,
    body=data["new"],
    client_id=uuid.uuid4(),
)
"""


def test_database_outage_is_waited_out_and_the_page_catches_up(make_page, live_server, demo_group):
    """A server of its own on a copy of the database, whose folder is moved away and back.

    A running process keeps its open SQLite connections through such a move, so the outage
    is met by a server that starts without its database. (The `unavailable` answer on an
    open socket is tested in tests/collaboration and, with PostgreSQL connections cut, in
    tests/faults.)
    """
    if is_postgres(live_server.database_url):
        pytest.skip("takes the database away by moving its SQLite folder")
    work = Path(tempfile.mkdtemp(dir=live_server.work_dir))
    folder, away = work / "db", work / "away"
    folder.mkdir()
    copy = folder / "copy.sqlite3"
    live_server.manage(
        "shell",
        "-c",
        f"from django.db import connection\nconnection.cursor().execute(\"VACUUM INTO '{copy}'\")",
    )
    servers = LiveServer({**live_server.env, "DATABASE_URL": f"sqlite:///{copy}"}, work)
    first = servers.start_server()
    try:
        space = demo_group["space"]
        page = make_page()
        page.add_init_script(RECORD_CLOSE_CODES)
        open_space(page, first, space, demo_group["partner"])
        oslo = open_space(make_page(), first, space, OSLO)
        token = uuid.uuid4().hex[:8]
        kept, doomed = f"Kept through the outage {token}", f"Hidden in the outage {token}"
        for text in (kept, doomed):
            send(oslo, text)
            expect(message(page, text)).to_have_count(1, timeout=LIVE_TIMEOUT)

        # The server goes, changes are made, and it comes back without its database: the
        # page keeps trying until the database is back, then syncs.
        first.stop()
        expect(page.locator("#discussion")).to_have_attribute(
            "data-connection", "closed", timeout=LIVE_TIMEOUT
        )
        data = {
            "space": space,
            "author": OSLO,
            "edit": int(message(page, kept).get_attribute("data-id")),
            "edited": f"Changed in the outage {token}",
            "hide": int(message(page, doomed).get_attribute("data-id")),
            "new": f"Posted in the outage {token}",
        }
        servers.manage("shell", "-c", CHANGES_WHILE_DOWN.format(data=json.dumps(data)))
        folder.rename(away)
        second = DaphneServer(servers.env, work, port=first.port)
        servers.servers.append(second)
        assert second.wait_until_answering(healthy=False) is not None
        # Refused while the database is away (the session cannot be read), tried again.
        page.wait_for_function(
            "(count) => window.closeCodes.length > count",
            arg=len(page.evaluate("window.closeCodes")),
            timeout=40_000,
        )
        expect(page.locator("#discussion")).to_have_attribute("data-connection", "closed")
        away.rename(folder)
        expect(page.locator("#discussion")).to_have_attribute(
            "data-connection", "open", timeout=40_000
        )
        expect(message(page, data["edited"])).to_have_count(1, timeout=LIVE_TIMEOUT)
        expect(message(page, doomed)).to_have_count(0)
        expect(message(page, data["new"])).to_have_count(1)
        expect_page_matches_server(page, second.url, space)
    finally:
        if away.exists() and not folder.exists():
            away.rename(folder)
        servers.stop()


BADGES = """
() => {
  for (const hidden of [false, true]) {
    const badge = document.createElement("span");
    badge.dataset.unreadNotifications = "";
    badge.hidden = hidden;
    badge.textContent = "1";
    document.body.append(badge);
  }
}
"""


def test_notifications_frame_updates_every_badge(make_page, live_server, demo_group):
    page = make_page()
    sockets = []

    def through_to_the_server(socket):
        # The page's real socket, through to the real server; the test adds the notifications
        # frames, and the server's own (one on connect) are held back so as not to race them.
        server = socket.connect_to_server()

        def from_server(frame):
            if json.loads(frame).get("type") != "notifications":
                socket.send(frame)

        server.on_message(from_server)
        sockets.append(socket)

    page.route_web_socket(re.compile(r"/ws/spaces/\d+/$"), through_to_the_server)
    open_space(page, live_server, demo_group["space"], OSLO)
    page.evaluate(BADGES)
    badges = page.locator("[data-unread-notifications]")

    # The header's badge and the two added here.
    expect(badges).to_have_count(3)
    sockets[-1].send(json.dumps({"type": "notifications", "unread": 3}))
    expect(badges).to_have_text(["3", "3", "3"])
    for badge in badges.all():
        expect(badge).to_be_visible()
    # The header's link says the new number to a screen reader too.
    expect(page.locator("header a.notifications-link")).to_have_attribute(
        "aria-label", "Notifications, 3 unread"
    )
    sockets[-1].send(json.dumps({"type": "notifications", "unread": 0}))
    expect(badges).to_have_text(["0", "0", "0"])
    for badge in badges.all():
        expect(badge).to_be_hidden()
    # The frames of the server still come through that socket.
    text = unique("Still live")
    send(page, text)
    expect(message(page, text)).to_have_count(1, timeout=LIVE_TIMEOUT)


# Lowers the limit that the page hands the client, once the page is parsed and before the
# modules run.
SMALL_LIMIT = """
document.addEventListener("readystatechange", () => {
  const script = document.getElementById("discussion-protocol");
  if (document.readyState !== "interactive" || !script) return;
  script.textContent = JSON.stringify({ ...JSON.parse(script.textContent), body_max_length: 5 });
});
"""


def test_the_client_keeps_to_the_limits_the_page_gives_it(make_page, live_server, demo_group):
    page = make_page()
    frames = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda text: frames.append(text)))
    page.add_init_script(SMALL_LIMIT)
    open_space(page, live_server, demo_group["space"], OSLO)
    send(page, "😀😀😀😀😀!")
    error = page.locator("#message-form-error")
    expect(error).to_have_text("Your message is too long: at most 5 characters.")
    expect(page.locator("#messages article.message-pending")).to_have_count(0)
    assert not [frame for frame in frames if "message.send" in frame]
    # Five characters as the server counts them (code points), ten UTF-16 units: within it.
    five = "😀😀😀😀😀"
    send(page, five)
    expect(error).to_be_hidden()
    expect(message(page, five)).to_have_count(1, timeout=LIVE_TIMEOUT)
