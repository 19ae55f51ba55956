"""Full-page screenshots of every kind of page, in each language, on a phone and a desktop.

    .venv/bin/python bench/screenshots.py [--out DIR] [--languages en,nb,sv] [--widths 360,1280]
        [--pages call,letter]
    make screenshots          # the same, into screenshots/ (SHOTS_DIR=... for another folder)

It starts daphne on a free port with a fresh database (a temporary SQLite file, or a new
database on the PostgreSQL server of DATABASE_URL, dropped afterwards) loaded with
``seed_demo``, signs in as the demo account each page needs (tests/e2e/site_map.py), and
saves ``<page>-<language>-<width>.png`` for each page with headless Chromium from
/usr/bin/chromium. Each page is checked for horizontal overflow (the document wider than
the window); the offenders are listed at the end and the exit status is 1 if there are any.
"""

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coil_platform.settings.dev")
django.setup()

# After django.setup(): the server helpers read the demo accounts' password from the models.
from playwright.sync_api import sync_playwright  # noqa: E402

from accounts.demo import DEMO_PASSWORD  # noqa: E402
from tests.e2e.servers import LiveServer, fresh_database  # noqa: E402
from tests.e2e.site_map import PAGES, language_cookie, overflow, page_urls  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HEIGHTS = {360: 740}  # a phone's window; others are 800 px high
# Wagtail's admin speaks its reader's own language, whatever the address: the accounts that
# read these are switched to each language in turn.
ADMIN_PAGES = [("admin", "admin"), ("module-editor", "teacher.oslo")]
SET_LANGUAGE = """
from accounts.models import User
for user in User.objects.filter(username__in=%(users)r):
    user.language = %(language)r
    user.save()
"""
SHOT_PAGES = PAGES + [page for page in ADMIN_PAGES if page not in PAGES]


def start_site(stack, work_dir):
    """One daphne process on a fresh database loaded with the demo data; ``stack`` ends both."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coil_platform.settings.dev",
        "DATABASE_URL": stack.enter_context(fresh_database(work_dir)),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
    }
    server = LiveServer(env, work_dir)
    stack.callback(server.stop)
    server.manage("migrate", "--noinput")
    server.manage("seed_demo")
    server.start_server()
    return server


def sign_in(browser, base_url, username):
    """The storage state (cookies) of a session signed in as ``username``."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if page.url.split("?")[0].endswith("/accounts/login/"):
        raise RuntimeError(f"signing in as {username} failed")
    state = context.storage_state()
    context.close()
    return state


def shoot(browser, server, urls, out, languages, widths, pages=SHOT_PAGES):
    """Take the screenshots of ``pages``; return the pages that are wider than their window."""
    users = {user for _name, user in pages if user}
    states = {user: sign_in(browser, server.url, user) for user in sorted(users)}
    admin_users = sorted({user for _name, user in ADMIN_PAGES})
    offenders = []
    for language in languages:
        server.manage("shell", "-c", SET_LANGUAGE % {"users": admin_users, "language": language})
        for width in widths:
            for name, user in pages:
                context = browser.new_context(
                    viewport={"width": width, "height": HEIGHTS.get(width, 800)},
                    locale=language,
                    storage_state=states.get(user),
                )
                context.add_cookies([language_cookie(server, language)])
                page = context.new_page()
                page.goto(server.url + urls[language][name])
                page.wait_for_load_state("networkidle")
                path = out / f"{name}-{language}-{width}.png"
                page.screenshot(path=str(path), full_page=True)
                found = overflow(page)
                if found["extra"] > 0:
                    offenders.append((path.name, page.url, found))
                verdict = f"{found['extra']}px too wide" if found["extra"] else "fits"
                print(f"{path.name}: {verdict}")
                context.close()
    return offenders


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(BASE_DIR / "screenshots"), help="folder for the PNGs")
    parser.add_argument("--languages", default="en,nb,sv")
    parser.add_argument("--widths", default="360,1280")
    parser.add_argument(
        "--pages", help="the names of some pages (tests/e2e/site_map.py), comma-separated"
    )
    args = parser.parse_args()
    pages = SHOT_PAGES
    if args.pages:
        names = args.pages.split(",")
        pages = [page for page in SHOT_PAGES if page[0] in names]
        if unknown := set(names) - {name for name, _user in pages}:
            sys.exit(f"no such page: {', '.join(sorted(unknown))}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    languages = args.languages.split(",")
    widths = [int(width) for width in args.widths.split(",")]
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing; install Chromium (apt-get install chromium)")

    work_dir = tempfile.mkdtemp(prefix="coil-shots-")
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, work_dir, ignore_errors=True)
        server = start_site(stack, work_dir)
        urls = page_urls(server, languages)
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        stack.callback(browser.close)
        offenders = shoot(browser, server, urls, out, languages, widths, pages)

    print(f"\n{len(pages) * len(languages) * len(widths)} screenshots in {out}")
    for name, url, found in offenders:
        print(f"too wide: {name} ({url}) by {found['extra']}px: {', '.join(found['offenders'])}")
    sys.exit(1 if offenders else 0)


if __name__ == "__main__":
    main()
