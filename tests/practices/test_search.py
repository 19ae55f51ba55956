"""Full-text search over the examples (Wagtail search), together with the facets."""

import pytest

from accounts.models import Sector

from .factories import GoodPracticePageFactory
from .html import counts, read_listing

pytestmark = pytest.mark.django_db

URL = "/en/good-practice/"


@pytest.fixture
def indexed(practice_index, institutions, django_capture_on_commit_callbacks):
    # The search index is updated when the transaction commits; run those callbacks.
    with django_capture_on_commit_callbacks(execute=True):
        GoodPracticePageFactory(
            parent=practice_index,
            title="Electronics with a partner college",
            summary="Students of electronics built the same circuit in Oslo and Paola.",
            institutions=[institutions["NO"], institutions["MT"]],
            sector=Sector.VOCATIONAL,
        )
        GoodPracticePageFactory(
            parent=practice_index,
            title="Measuring rainfall together",
            summary="Two science classes compared their local weather data.",
            institutions=[institutions["NO"], institutions["DE"]],
            sector=Sector.UPPER_SECONDARY,
            tags=["climate"],
        )
        GoodPracticePageFactory(
            parent=practice_index,
            title="Placements in Germany",
            summary="Vocational students worked for four weeks at a partner's workshop.",
            institutions=[institutions["NO"], institutions["DE"]],
            sector=Sector.VOCATIONAL,
        )


def test_search_finds_examples_by_their_words(client, indexed):
    response = client.get(URL, {"q": "electronics"})
    page = read_listing(response)

    assert page.titles == ["Electronics with a partner college"]
    assert "1 example matches “electronics”" in response.content.decode()


def test_search_finds_tags_and_country_names_in_every_language(client, indexed):
    assert read_listing(client.get(URL, {"q": "climate"})).titles == ["Measuring rainfall together"]
    # "Tyskland" is Germany in Norwegian and Swedish.
    found = read_listing(client.get(URL, {"q": "Tyskland"}))
    assert sorted(found.titles) == ["Measuring rainfall together", "Placements in Germany"]


def test_search_and_facets_narrow_each_other(client, indexed):
    searched = read_listing(client.get(URL, {"q": "Germany"}))
    assert counts(searched, "sector") == {"upper_secondary": 1, "vocational": 1}

    narrowed = read_listing(client.get(URL, {"q": "Germany", "sector": "vocational"}))
    assert narrowed.titles == ["Placements in Germany"]
    # The facet links keep the search words.
    assert narrowed.options[("sector", "vocational")]["url"] == "?q=Germany"


def test_a_search_without_results_offers_a_way_back(client, indexed):
    response = client.get(URL, {"q": "astronomy"})
    content = response.content.decode()

    assert read_listing(response).titles == []
    assert "No examples match your choice" in content
    assert "Show all examples" in content
