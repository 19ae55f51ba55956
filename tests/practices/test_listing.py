"""The good-practice listing: facets with counts, combined filters, sharing, pagination."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Sector
from modules.models import Mode

from .factories import GoodPracticePageFactory, scores
from .html import counts, read_listing

pytestmark = pytest.mark.django_db

URL = "/en/good-practice/"


@pytest.fixture
def examples(practice_index, institutions):
    """Four published examples and one draft, in several countries and sectors."""
    no, de, gb, se, us = (institutions[c] for c in ("NO", "DE", "GB", "SE", "US"))
    made = {
        "german": GoodPracticePageFactory(
            parent=practice_index,
            title="German partner class",
            institutions=[no, de],
            sector=Sector.UPPER_SECONDARY,
            mode=Mode.VIRTUAL_EXCHANGE,
            tags=["German", "exchange"],
            **scores(3),
        ),
        "placements": GoodPracticePageFactory(
            parent=practice_index,
            title="Vocational placements",
            institutions=[no, de],
            sector=Sector.VOCATIONAL,
            mode=Mode.BIP,
            tags=["exchange"],
            **scores(1),
        ),
        "farming": GoodPracticePageFactory(
            parent=practice_index,
            title="Farming in England",
            institutions=[no, gb],
            sector=Sector.UPPER_SECONDARY,
            mode=Mode.COIL,
            tags=["agriculture"],
        ),
        "funded": GoodPracticePageFactory(
            parent=practice_index,
            title="Funded COIL module",
            institutions=[se, us],
            sector=Sector.HIGHER,
            mode=Mode.COIL,
            **scores(2),
        ),
    }
    GoodPracticePageFactory(
        parent=practice_index,
        title="Unpublished draft",
        institutions=[no, de],
        sector=Sector.UPPER_SECONDARY,
        publish=False,
    )
    return made


def test_every_published_example_is_listed_with_facet_counts(client, examples):
    page = read_listing(client.get(URL))

    assert sorted(page.titles) == sorted(e.title for e in examples.values())
    assert counts(page, "sector") == {"upper_secondary": 2, "vocational": 1, "higher": 1}
    assert counts(page, "country") == {"NO": 3, "DE": 2, "GB": 1, "SE": 1, "US": 1}
    assert counts(page, "mode") == {"virtual_exchange": 1, "bip": 1, "coil": 2}
    assert counts(page, "tag") == {"exchange": 2, "german": 1, "agriculture": 1}
    # German partner class (all 3) and the funded module (all 2) meet every criterion.
    assert counts(page, "quality") == {"1": 2}


def test_choosing_a_sector_updates_the_other_facets_but_not_its_own(client, examples):
    page = read_listing(client.get(URL, {"sector": "upper_secondary"}))

    assert sorted(page.titles) == ["Farming in England", "German partner class"]
    # Options of the chosen facet still say what choosing them instead would give.
    assert counts(page, "sector") == {"upper_secondary": 2, "vocational": 1, "higher": 1}
    assert page.options[("sector", "upper_secondary")]["selected"]
    # The other facets count within upper-secondary examples only.
    assert counts(page, "country") == {"NO": 2, "DE": 1, "GB": 1}
    assert counts(page, "mode") == {"virtual_exchange": 1, "coil": 1}


def test_filters_combine_and_each_count_keeps_the_other_filters(client, examples):
    page = read_listing(client.get(URL, {"sector": "upper_secondary", "country": "DE"}))

    assert page.titles == ["German partner class"]
    # Sectors are counted among German examples, countries among upper-secondary ones.
    assert counts(page, "sector") == {"upper_secondary": 1, "vocational": 1}
    assert counts(page, "country") == {"NO": 2, "DE": 1, "GB": 1}
    assert counts(page, "mode") == {"virtual_exchange": 1}
    assert page.options[("country", "DE")]["selected"]


def test_each_option_count_is_what_following_its_link_shows(client, examples):
    start = read_listing(client.get(URL, {"sector": "upper_secondary"}))
    for (facet, value), option in start.options.items():
        if option["selected"]:
            continue
        followed = read_listing(client.get(URL + option["url"]))
        assert len(followed.titles) == option["count"], (facet, value)


def test_the_filtered_view_is_in_the_url_and_can_be_shared(client, examples):
    first = read_listing(client.get(URL, {"sector": "upper_secondary"}))
    germany = first.options[("country", "DE")]["url"]
    assert germany == "?sector=upper_secondary&country=DE"

    # Somebody else opening the shared address sees the same examples.
    shared = read_listing(client.get(URL + germany))
    assert shared.titles == ["German partner class"]
    # Choosing a chosen option again removes it and keeps the rest.
    assert shared.options[("country", "DE")]["url"] == "?sector=upper_secondary"


def test_tags_combine_so_that_examples_have_every_chosen_tag(client, examples):
    exchange = read_listing(client.get(URL, {"tag": "exchange"}))
    assert sorted(exchange.titles) == ["German partner class", "Vocational placements"]
    assert counts(exchange, "tag") == {"exchange": 2, "german": 1}

    both = read_listing(client.get(URL + "?tag=exchange&tag=german"))
    assert both.titles == ["German partner class"]


def test_a_facet_keeps_examples_that_meet_all_quality_criteria(client, examples):
    page = read_listing(client.get(URL, {"quality": "1"}))
    assert sorted(page.titles) == ["Funded COIL module", "German partner class"]
    assert counts(page, "sector") == {"upper_secondary": 1, "higher": 1}

    combined = read_listing(client.get(URL, {"quality": "1", "sector": "vocational"}))
    assert combined.titles == []


def test_no_match_shows_an_empty_state_with_a_way_back(client, examples):
    response = client.get(URL, {"sector": "vocational", "country": "GB"})
    content = response.content.decode()

    assert response.status_code == 200
    assert read_listing(response).titles == []
    assert "No examples match your choice" in content
    assert f'<a class="button" href="{URL}">Show all examples</a>' in content
    # The chosen filters are listed, each with a link that removes just that one.
    assert 'href="?country=GB"' in content and 'href="?sector=vocational"' in content


def test_unknown_filter_values_are_reported_and_left_out(client, examples):
    response = client.get(URL, {"country": "ZZ", "sector": "space", "quality": "maybe"})
    page = read_listing(response)

    assert response.status_code == 200
    assert "Some filters in the address were not recognised" in response.content.decode()
    assert len(page.titles) == 4


def test_results_come_in_pages_that_keep_the_filters(client, practice_index, institutions):
    for number in range(14):
        GoodPracticePageFactory(
            parent=practice_index,
            title=f"Exchange {number:02}",
            institutions=[institutions["NO"], institutions["DE"]],
        )
    GoodPracticePageFactory(
        parent=practice_index, title="Elsewhere", institutions=[institutions["SE"]]
    )

    first = client.get(URL, {"country": "DE"})
    assert len(read_listing(first).titles) == 12
    assert 'href="?country=DE&amp;page=2"' in first.content.decode()

    second = read_listing(client.get(URL, {"country": "DE", "page": "2"}))
    assert len(second.titles) == 2
    assert "Elsewhere" not in second.titles


def test_the_number_of_queries_does_not_grow_with_the_examples(
    client, practice_index, institutions, django_assert_max_num_queries
):
    def make(count):
        for number in range(count):
            GoodPracticePageFactory(
                parent=practice_index,
                institutions=[institutions["NO"], institutions[("DE", "GB", "SE")[number % 3]]],
                sector=(Sector.UPPER_SECONDARY, Sector.VOCATIONAL)[number % 2],
                tags=[f"subject {number}", "shared"],
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"tag": "shared", "q": ""})
        assert response.status_code == 200
        return len(captured)

    make(3)
    queries()  # the first request also fills per-process caches (content types, sites)
    few = queries()
    make(12)
    many = queries()

    assert many == few
    with django_assert_max_num_queries(30):
        client.get(URL, {"sector": "vocational", "country": "DE", "tag": "shared"})


def test_other_languages_list_their_translations_and_fall_back_to_english(
    client, home_pages, practice_index, institutions
):
    swedish_index = practice_index.copy_for_translation(home_pages["sv"].locale)
    swedish_index.title, swedish_index.slug = "Goda exempel", "goda-exempel"
    swedish_index.save_revision().publish()
    translated = GoodPracticePageFactory(
        parent=practice_index, title="Shared module", institutions=[institutions["SE"]]
    )
    swedish = translated.copy_for_translation(home_pages["sv"].locale)
    swedish.title = "Delad modul"
    swedish.save_revision().publish()
    GoodPracticePageFactory(
        parent=practice_index, title="Only in English", institutions=[institutions["NO"]]
    )

    page = read_listing(client.get("/sv/goda-exempel/"))

    assert sorted(page.titles) == ["Delad modul", "Only in English"]
    assert counts(page, "country") == {"SE": 1, "NO": 1}
