"""The site-wide search at /<lang>/search/: modules and good-practice examples, by kind."""

import re

import pytest
from wagtail.models import PageViewRestriction

from home import search as site_search
from modules.models import CourseModulePage, ModuleIndexPage
from practices.models import GoodPracticePage
from tests.factories import UserFactory
from tests.modules.conftest import build_module
from tests.practices.factories import GoodPracticePageFactory, PracticeIndexPageFactory

pytestmark = pytest.mark.django_db

# The demo's titles (modules/demo_data, practices/demo_data); tests/e2e searches the demo itself.
MODULE = "Outdoor play across cultures"
EXAMPLE = "Kindergarten teacher students in Oslo and Leuven compare outdoor play"
NB_EXAMPLE = "Barnehagelærerstudenter i Oslo og Leuven sammenligner uteleik"


@pytest.fixture
def demo(home_pages, django_capture_on_commit_callbacks):
    """A module, an example in English and one in Norwegian, a module that does not match."""
    # The search index is written when the transaction commits; run those callbacks.
    with django_capture_on_commit_callbacks(execute=True):
        modules = home_pages["en"].add_child(
            instance=ModuleIndexPage(title="Course modules", slug="modules")
        )
        modules.save_revision().publish()
        build_module(modules, title=MODULE, summary="Students compare outdoor play.")
        build_module(modules, title="Rights of children", summary="Rights in everyday practice.")
        examples = PracticeIndexPageFactory(parent=home_pages["en"])
        GoodPracticePageFactory(parent=examples, title=EXAMPLE)
        nb_examples = PracticeIndexPageFactory(parent=home_pages["nb"], slug="god-praksis")
        GoodPracticePageFactory(parent=nb_examples, title=NB_EXAMPLE)
    UserFactory(username="student.oslo1", password="coil-demo-2026")


def groups(response):
    """{kind heading: [result titles]} in the order the page shows them."""
    assert response.status_code == 200
    html = response.content.decode()
    found = {}
    for section in re.findall(r'<section class="search-group".*?</section>', html, re.S):
        heading = re.search(r"<h3[^>]*>(.*?)</h3>", section).group(1)
        found[heading] = re.findall(r'class="search-hit-title"><a href="[^"]+">(.*?)</a>', section)
    return found


def test_finds_a_module_and_an_example_grouped_by_kind(client, demo):
    found = groups(client.get("/en/search/", {"q": "outdoor play"}))
    assert list(found) == ["Modules", "Good-practice examples"]
    assert MODULE in found["Modules"]
    assert EXAMPLE in found["Good-practice examples"]


def test_results_link_to_the_pages(client, demo):
    module = CourseModulePage.objects.get(title=MODULE)
    html = client.get("/en/search/", {"q": "outdoor play"}).content.decode()
    assert f'<a href="{module.url}">{MODULE}</a>' in html


def test_results_are_in_the_language_of_the_address(client, demo):
    assert groups(client.get("/nb/search/", {"q": "Oslo Leuven"})) == {
        "Eksempler på god praksis": [NB_EXAMPLE]
    }
    assert groups(client.get("/en/search/", {"q": "Oslo Leuven"})) == {
        "Good-practice examples": [EXAMPLE]
    }


def test_drafts_and_private_pages_are_not_found(client, demo, django_capture_on_commit_callbacks):
    module = CourseModulePage.objects.get(title=MODULE)
    example = GoodPracticePage.objects.get(title=EXAMPLE)
    with django_capture_on_commit_callbacks(execute=True):
        module.unpublish()
        PageViewRestriction.objects.create(page=example, restriction_type="login")
    found = groups(client.get("/en/search/", {"q": "outdoor play"}))
    assert MODULE not in found.get("Modules", [])
    assert EXAMPLE not in found.get("Good-practice examples", [])

    # Signed in, the example restricted to signed-in people is found again; the draft is not.
    client.login(username="student.oslo1", password="coil-demo-2026")
    found = groups(client.get("/en/search/", {"q": "outdoor play"}))
    assert EXAMPLE in found["Good-practice examples"]
    assert MODULE not in found.get("Modules", [])


def test_no_words_asks_for_some_and_no_match_says_so(client, demo):
    empty = client.get("/en/search/").content.decode()
    assert 'name="q"' in empty and "search-results" not in empty
    nothing = client.get("/en/search/", {"q": "zzyzx-nothing"}).content.decode()
    assert "0 results" in nothing and "search-group" not in nothing


def test_results_come_in_pages(client, demo, monkeypatch):
    monkeypatch.setattr(site_search, "RESULTS_PER_PAGE", 1)
    first = client.get("/en/search/", {"q": "outdoor play"}).content.decode()
    assert 'class="pagination"' in first
    assert 'href="?q=outdoor+play&amp;page=2"' in first
    second = groups(client.get("/en/search/", {"q": "outdoor play", "page": 2}))
    assert sum(len(hits) for hits in second.values()) == 1


def test_the_header_has_an_accessible_search_form_that_works_without_javascript(client, demo):
    html = client.get("/sv/").content.decode()
    form = re.search(r'<form class="site-search"[^>]*>.*?</form>', html, re.S).group(0)
    assert 'role="search"' in form and 'method="get"' in form and 'action="/sv/search/"' in form
    assert '<label for="site-search-q"' in form and 'id="site-search-q" name="q"' in form
