"""The Atom feed of new examples, one per language."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from practices.models import GoodPracticePage

from .factories import GoodPracticePageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(response):
    # The XML comes from our own server under test, not from an outside source.
    return ET.fromstring(response.content)  # noqa: S314


def published(page, day):
    moment = timezone.make_aware(datetime.datetime(2026, 3, day, 9, 0))
    GoodPracticePage.objects.filter(pk=page.pk).update(
        first_published_at=moment, last_published_at=moment
    )


@pytest.fixture
def examples(practice_index, institutions):
    older = GoodPracticePageFactory(
        parent=practice_index,
        title="Older example",
        summary="Pen-partners in <Hamburg> & Oslo.",
        tags=["German"],
    )
    newer = GoodPracticePageFactory(parent=practice_index, title="Newer example")
    GoodPracticePageFactory(parent=practice_index, title="Draft example", publish=False)
    published(older, 1)
    published(newer, 20)
    return older, newer


def test_the_feed_is_atom_xml_with_the_newest_examples_first(client, examples):
    response = client.get("/en/good-practice/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_feed(response)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Newer example", "Older example"]

    older = entries[1]
    assert older.find(f"{ATOM}link").get("href") == (
        "http://testserver/en/good-practice/older-example/"
    )
    assert older.findtext(f"{ATOM}summary") == "Pen-partners in <Hamburg> & Oslo."
    assert older.findtext(f"{ATOM}published").startswith("2026-03-01T09:00:00")
    assert [c.get("term") for c in older.findall(f"{ATOM}category")] == ["German"]
    assert older.findtext(f"{ATOM}id") == f"urn:uuid:{examples[0].translation_key}"


def test_the_listing_links_its_feed_for_feed_readers(client, examples):
    content = client.get("/en/good-practice/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/en/good-practice/feed/"' in (
        " ".join(content.split())
    )


def test_each_language_has_its_own_feed(client, home_pages, practice_index, examples):
    swedish_index = practice_index.copy_for_translation(home_pages["sv"].locale)
    swedish_index.title, swedish_index.slug = "Goda exempel", "goda-exempel"
    swedish_index.save_revision().publish()
    swedish = examples[0].copy_for_translation(home_pages["sv"].locale)
    swedish.title = "Äldre exempel"
    swedish.save_revision().publish()

    feed = parse_feed(client.get("/sv/goda-exempel/feed/"))

    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    # The untranslated example appears in English rather than not at all.
    assert sorted(titles) == ["Newer example", "Äldre exempel"]
