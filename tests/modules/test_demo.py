"""The demo modules of seed_demo (`modules/demo_data/`, described in `docs/modules.md`)."""

import io

import pytest
from django.core.management import call_command

from accounts import demo as accounts_demo
from accounts.models import User
from home import demo as home_demo
from modules import demo as modules_demo
from modules.models import CourseModulePage, ModuleIndexPage

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    for module in (accounts_demo, home_demo, modules_demo):
        module.seed(out.write)
    return out.getvalue()


def test_demo_module_index_and_translation(client):
    seed()
    indexes = {p.locale.language_code: p for p in ModuleIndexPage.objects.all()}
    assert {code: p.title for code, p in indexes.items()} == {
        "en": "Course modules",
        "nb": "Emnemoduler",
        "sv": "Kursmoduler",
    }
    assert all(p.show_in_menus and p.live for p in indexes.values())
    module = CourseModulePage.objects.get(
        slug="outdoor-play-across-cultures", locale__language_code="en"
    )
    assert module.live and module.enrolment_state == "running"
    assert {(t.user.username, t.is_lead) for t in module.teachers.all()} == {
        ("teacher.oslo", True),
        ("teacher.leuven", True),
    }
    assert {p.short_name for p in module.partners.all()} == {"OsloMet", "UCLL"}
    weeks = {block.value["week"] for block in module.body}
    assert weeks == {1, 2, 3, 4, 5, 6}
    assert module.sessions.count() >= 4
    nb = CourseModulePage.objects.get(
        translation_key=module.translation_key, locale__language_code="nb"
    )
    assert nb.title == "Uteleik på tvers av kulturer" and nb.alias_of is None and nb.live
    assert client.get(nb.url).status_code == 200
    assert client.get(module.url + "calendar.ics").status_code == 200


def test_seeding_twice_changes_nothing_and_keeps_rights(client):
    seed()
    counts = (CourseModulePage.objects.count(), ModuleIndexPage.objects.count())
    seed()
    assert (CourseModulePage.objects.count(), ModuleIndexPage.objects.count()) == counts
    module = CourseModulePage.objects.get(
        slug="outdoor-play-across-cultures", locale__language_code="en"
    )

    client.force_login(User.objects.get(username="teacher.leuven"))
    assert client.get(f"/admin/pages/{module.pk}/edit/").status_code == 200
    client.force_login(User.objects.get(username="editor"))
    assert client.get(f"/admin/pages/{module.pk}/edit/").status_code in (302, 403)


def test_seed_demo_command_includes_the_modules():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "modules: index in en, nb, sv" in out.getvalue()
