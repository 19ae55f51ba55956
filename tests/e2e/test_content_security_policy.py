"""Every kind of page works under the site's Content-Security-Policy, in Chromium.

The servers send the policy the site always sends, enforced (not report-only): that is what
visitors' browsers apply, and a violation there is a script, style, image or connection
that a visitor's browser refuses. Chromium fires a ``securitypolicyviolation`` event for
each refusal, in every frame (the admin's preview too); the test records them all and
also listens to the console, where Chromium reports refusals it fires no event for.
"""

import json
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.coilCspViolation({
    page: location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: `${event.sourceFile}:${event.lineNumber}`,
    sample: event.sample,
  });
}, true);
"""

FIND_PAGES = """
import json
import uuid
from collaboration.models import SpaceKind
from modules.models import CourseModulePage
from practices.models import GoodPracticePage
en = {"locale__language_code": "en"}
module = CourseModulePage.objects.get(slug="outdoor-play-across-cultures", **en)
example = GoodPracticePage.objects.get(slug="linnaeus-funded-coil-module", **en)
print(json.dumps({
    "module": module.pk,
    "example": example.pk,
    "plaza": module.spaces.get(kind=SpaceKind.PLAZA).pk,
}))
"""


@pytest.fixture(scope="module")
def demo(live_server):
    result = live_server.manage("shell", "-c", FIND_PAGES)
    return json.loads(result.stdout.strip().splitlines()[-1])


def watched_page(make_page, violations):
    """A page whose Content-Security-Policy violations (events and console) land in a list."""
    page = make_page()
    page.context.expose_binding("coilCspViolation", lambda source, found: violations.append(found))
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and violations.append({"page": page.url, "console": message.text})
        ),
    )
    return page


def report(violations):
    """One line per different violation, for the failure message."""
    lines = {json.dumps(violation, sort_keys=True) for violation in violations}
    return f"{len(violations)} violations:\n" + "\n".join(sorted(lines))


def visit(page, url):
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    assert response.headers.get("content-security-policy"), f"{url} has no policy"
    page.wait_for_load_state("networkidle")


def test_site_pages_pass_the_policy(make_page, live_server, demo):
    violations = []
    visitor = watched_page(make_page, violations)
    visit(visitor, f"{live_server.url}/accounts/login/")

    teacher = watched_page(make_page, violations)
    login(teacher, live_server, "teacher.oslo")
    base = live_server.url
    for path in [
        "/en/",
        "/en/modules/",
        "/en/modules/outdoor-play-across-cultures/",
        "/en/good-practice/",
        "/en/good-practice/linnaeus-funded-coil-module/",
        f"/modules/{demo['module']}/groups/",
        "/participation/",
        "/accounts/profile/",
        "/en/me/notifications/",
        "/en/me/notifications/settings/",
    ]:
        visit(teacher, base + path)
    # The discussion client: its script, its translations, its WebSocket and what it shows.
    visit(teacher, f"{base}/spaces/{demo['plaza']}/")
    expect(teacher.locator("#discussion")).to_have_attribute("data-connection", "open")
    text = f"Policy check {uuid.uuid4().hex[:8]}"
    teacher.fill("#message-form [name=body]", f"**{text}** with [a link](https://example.org/)")
    teacher.press("#message-form [name=body]", "Enter")
    sent = teacher.locator("#messages article.message[data-id]", has_text=text)
    expect(sent.locator("strong")).to_have_text(text)

    assert violations == [], report(violations)


def test_admin_pages_pass_the_policy(make_page, live_server, demo):
    violations = []
    admin = watched_page(make_page, violations)
    login(admin, live_server, "admin")
    base = live_server.url
    visit(admin, f"{base}/admin/")
    for page_id in [demo["module"], demo["example"]]:
        visit(admin, f"{base}/admin/pages/{page_id}/edit/")
        expect(admin.locator("form[data-edit-form]")).to_be_visible()
        # The live preview: an iframe of the site's own page, inside the admin.
        admin.locator("[data-side-panel-toggle=preview]").click()
        expect(admin.locator("iframe#w-preview-iframe")).to_be_attached()
        admin.wait_for_load_state("networkidle")

    assert violations == [], report(violations)
