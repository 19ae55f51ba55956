"""The home page shows featured examples and the latest published modules."""

import datetime

import pytest
from django.utils import timezone

from modules.models import CourseModulePage
from tests.factories import CourseModulePageFactory, ModuleIndexPageFactory

from .factories import GoodPracticePageFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_featured_examples_only(client, practice_index, institutions):
    GoodPracticePageFactory(parent=practice_index, title="Featured exchange", featured=True)
    GoodPracticePageFactory(parent=practice_index, title="Ordinary exchange", featured=False)
    GoodPracticePageFactory(
        parent=practice_index, title="Featured draft", featured=True, publish=False
    )

    content = client.get("/en/").content.decode()

    assert "Good practice to learn from" in content
    assert "Featured exchange" in content
    assert "Ordinary exchange" not in content and "Featured draft" not in content


def test_the_home_page_leads_to_the_examples_of_a_sector(client, practice_index):
    GoodPracticePageFactory(parent=practice_index, sector="upper_secondary")
    GoodPracticePageFactory(parent=practice_index, sector="upper_secondary")
    GoodPracticePageFactory(parent=practice_index, sector="vocational")

    content = " ".join(client.get("/en/").content.decode().split())

    assert '<a class="pill" href="/en/good-practice/?sector=upper_secondary">Upper secondary' in (
        content
    )
    assert "Early childhood" not in content


def test_an_editor_featuring_an_example_puts_it_on_the_home_page(client, practice_index):
    example = GoodPracticePageFactory(parent=practice_index, title="Quietly published")
    assert "Quietly published" not in client.get("/en/").content.decode()

    example.featured = True
    example.save_revision().publish()

    assert "Quietly published" in client.get("/en/").content.decode()


def test_the_swedish_home_page_shows_the_swedish_translation(client, home_pages, practice_index):
    swedish_index = practice_index.copy_for_translation(home_pages["sv"].locale)
    swedish_index.save_revision().publish()
    example = GoodPracticePageFactory(
        parent=practice_index, title="Funded COIL module", featured=True
    )
    swedish = example.copy_for_translation(home_pages["sv"].locale)
    swedish.title = "En COIL-modul med medel från universitetet"
    swedish.save_revision().publish()

    content = client.get("/sv/").content.decode()

    assert "En COIL-modul med medel från universitetet" in content
    assert "Funded COIL module" not in content
    assert "Goda exempel att lära av" in content


def test_the_home_page_lists_the_latest_published_modules(client, home_pages):
    module_index = ModuleIndexPageFactory(parent=home_pages["en"])
    for day, title in enumerate(["Oldest", "Older", "Newer", "Newest"], start=1):
        module = CourseModulePageFactory(parent=module_index, title=f"{title} module")
        moment = timezone.make_aware(datetime.datetime(2026, 1, day))
        CourseModulePage.objects.filter(pk=module.pk).update(first_published_at=moment)
    draft = CourseModulePageFactory(parent=module_index, title="Draft module")
    draft.unpublish()

    content = client.get("/en/").content.decode()

    assert "Latest course modules" in content
    positions = [content.index(f"{t} module") for t in ("Newest", "Newer", "Older")]
    assert positions == sorted(positions)
    assert "Oldest module" not in content and "Draft module" not in content
