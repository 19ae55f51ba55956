"""seed_demo: the demo institutions, accounts and content, the same after any number of runs."""

import os
import subprocess
import sys
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test.utils import override_settings
from django.utils import translation
from wagtail.models import Page, Revision

from accounts.demo import ACCOUNTS, DEMO_PASSWORD
from accounts.models import Institution, User
from home.models import HomePage
from notifications.models import Notification
from notifications.presentation import present

PROJECT_APPS = [
    "accounts",
    "home",
    "modules",
    "collaboration",
    "practices",
    "notifications",
    "funding",
]
BASE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def snapshot():
    """Row counts of everything seed_demo may write, and who is in which group."""
    counts = Counter()
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            counts[model._meta.label] = model._default_manager.count()
    counts["wagtailcore.Page"] = Page.objects.count()
    counts["wagtailcore.Revision"] = Revision.objects.count()
    counts["group memberships"] = User.groups.through.objects.count()
    memberships = sorted(User.groups.through.objects.values_list("user__username", "group__name"))
    return counts, memberships


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.mark.django_db
def test_seed_demo_twice_leaves_the_same_data():
    seed()
    first = snapshot()
    seed()
    second = snapshot()

    changed = {
        label: (first[0][label], second[0][label])
        for label in first[0] | second[0]
        if first[0][label] != second[0][label]
    }
    assert changed == {}, f"row counts changed on the second run: {changed}"
    assert first[1] == second[1]


@pytest.mark.django_db
def test_the_demo_accounts_have_a_few_unread_notifications(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed()
    with django_capture_on_commit_callbacks(execute=True):
        seed()
    unread = Counter(
        Notification.objects.filter(read_at__isnull=True).values_list("recipient__username", "kind")
    )
    assert unread[("student.oslo1", "group_placed")] == 1
    assert unread[("student.oslo1", "mentioned")] == 1
    assert unread[("teacher.oslo", "mentioned")] == 1
    # Ready for the first approval request to be the one thing teacher.leuven sees.
    assert not any(name == "teacher.leuven" for name, _kind in unread)
    assert all(name.startswith(("student.", "teacher.")) for name, _kind in unread)
    # Each notice names the module and the space in the reader's language.
    with translation.override("nb"):
        texts = [
            notice.text
            for notice in present(
                Notification.objects.filter(recipient__username="student.oslo1").select_related(
                    "actor", "target_page"
                )
            )
        ]
    assert texts and all(
        "«Uteleik på tvers av kulturer»" in text or "(Uteleik" in text for text in texts
    )


@pytest.mark.django_db
def test_seed_demo_makes_every_demo_account_and_institution():
    seed()

    usernames = {"admin"} | {account["username"] for account in ACCOUNTS}
    assert set(User.objects.values_list("username", flat=True)) >= usernames
    for username in usernames:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username
    assert User.objects.get(username="admin").is_superuser
    oslo = Institution.objects.get(short_name="OsloMet")
    assert (oslo.country.code, oslo.timezone, oslo.sector) == ("NO", "Europe/Oslo", "higher")
    assert Institution.objects.get(short_name="UCLL").country.code == "BE"
    assert Institution.objects.get(short_name="NCI").timezone == "Asia/Kolkata"
    assert User.objects.get(username="student.kolkata1").institution.short_name == "NCI"
    languages = set(HomePage.objects.live().values_list("locale__language_code", flat=True))
    assert languages == {"en", "nb", "sv"}


@pytest.mark.django_db
def test_seed_demo_repairs_a_changed_demo_account():
    seed()
    teacher = User.objects.get(username="teacher.oslo")
    groups = set(teacher.groups.values_list("name", flat=True))
    User.objects.filter(pk=teacher.pk).update(timezone="UTC", is_active=False)
    teacher.groups.clear()

    seed()

    teacher.refresh_from_db()
    assert (teacher.timezone, teacher.is_active) == ("Europe/Oslo", True)
    assert "Teachers" in groups
    assert set(teacher.groups.values_list("name", flat=True)) == groups


@pytest.mark.django_db
def test_seed_demo_refused_when_demo_data_is_not_allowed():
    with override_settings(DEMO_DATA_ALLOWED=False), pytest.raises(CommandError, match="refused"):
        call_command("seed_demo")
    assert not User.objects.filter(username="admin").exists()


def test_seed_demo_refused_under_production_settings(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="coil_platform.settings.production",
        SECRET_KEY="p" * 20 + "-a-production-key-that-is-long-enough-0123456789",
        DATABASE_URL=f"sqlite:///{database}",
        ALLOWED_HOSTS="coil.example.org",
    )

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "seed_demo"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert "seed_demo is refused under production settings" in result.stderr
    # Refused before anything was written: the database was never even opened.
    assert not database.exists() or database.stat().st_size == 0


@pytest.mark.django_db
def test_every_live_demo_page_answers_at_its_address(client):
    """A page made under a freshly translated index gets that index's address, not a stale one."""
    seed()
    broken = []
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        url = page.get_url()
        status = client.get(url).status_code
        if status != 200:
            broken.append(f"{url} ({page.locale.language_code}, {type(page).__name__}): {status}")
    assert not broken, "\n".join(broken)
