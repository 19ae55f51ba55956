"""The module index: filters, search, pages, all reflected in the URL."""

import datetime
import re

import bs4
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.listing import PAGE_SIZE
from modules.models import WorkingLanguage

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".module-card-title a")]


@pytest.fixture
def catalogue(make_module, partners, teachers):
    oslo_leuven = {
        "partner_list": [partners["oslo"], partners["leuven"]],
        "teacher_list": [(teachers["oslo"], True), (teachers["leuven"], True)],
    }
    outdoor = make_module(title="Outdoor play across cultures", slug="outdoor", **oslo_leuven)
    outdoor.tags.add("outdoor play")
    outdoor.save_revision().publish(skip_permission_checks=True)
    bip = make_module(
        title="Children’s rights in everyday practice",
        slug="rights",
        mode="bip",
        summary="Participation of children in kindergartens.",
        enrolment_state="open",
        start_date=datetime.date(2027, 9, 27),
        end_date=datetime.date(2027, 11, 19),
        partner_list=[partners["oslo"], partners["leuven"], partners["kolkata"]],
        teacher_list=[
            (teachers["oslo"], True),
            (teachers["leuven"], True),
            (teachers["kolkata"], True),
        ],
    )
    exchange = make_module(
        title="Climate stories",
        slug="climate",
        mode="virtual_exchange",
        sector="upper_secondary",
        summary="Pupils write climate stories with a partner school.",
        enrolment_state="completed",
        **oslo_leuven,
    )
    exchange.working_languages.set(WorkingLanguage.objects.filter(code__in=["nb", "nl"]))
    exchange.save_revision().publish(skip_permission_checks=True)
    draft = make_module(title="Unpublished draft", slug="draft", publish=False, **oslo_leuven)
    return {"outdoor": outdoor, "bip": bip, "exchange": exchange, "draft": draft}


def test_lists_live_modules_open_ones_first(client, module_index, catalogue):
    assert titles(client.get(module_index.url)) == [
        "Children’s rights in everyday practice",
        "Outdoor play across cultures",
        "Climate stories",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mode=bip", ["Children’s rights in everyday practice"]),
        ("sector=upper_secondary", ["Climate stories"]),
        ("language=nl", ["Climate stories"]),
        ("country=IN", ["Children’s rights in everyday practice"]),
        (
            "country=BE",
            [
                "Children’s rights in everyday practice",
                "Outdoor play across cultures",
                "Climate stories",
            ],
        ),
        ("tag=outdoor-play", ["Outdoor play across cultures"]),
        ("state=completed", ["Climate stories"]),
        ("mode=coil&state=open", []),
        ("country=BE&mode=virtual_exchange", ["Climate stories"]),
    ],
)
def test_filters(client, module_index, catalogue, query, expected):
    assert titles(client.get(f"{module_index.url}?{query}")) == expected


def test_search_and_filters_together(client, module_index, catalogue):
    assert titles(client.get(f"{module_index.url}?q=kindergartens")) == [
        "Children’s rights in everyday practice"
    ]
    assert titles(client.get(f"{module_index.url}?q=climate+stories")) == ["Climate stories"]
    assert titles(client.get(f"{module_index.url}?q=kindergartens&mode=coil")) == []
    assert titles(client.get(f"{module_index.url}?q=draft")) == []


def test_filters_show_in_the_form_and_can_be_removed(client, module_index, catalogue):
    response = client.get(f"{module_index.url}?mode=bip&country=IN")
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_mode option[selected]")["value"] == "bip"
    assert soup.select_one("#id_country option[selected]")["value"] == "IN"
    chips = {
        re.sub(r"\s+", " ", li.find("span").get_text()): li.find("a")["href"]
        for li in soup.select(".active-filters li")
    }
    assert chips == {
        "Mode: Blended intensive programme": f"{module_index.url}?country=IN",
        "Partner country: India": f"{module_index.url}?mode=bip",
    }
    # Only countries, languages and subjects that occur are offered.
    countries = [o["value"] for o in soup.select("#id_country option")]
    assert countries == ["", "Belgium", "India", "Norway"] or countries == ["", "BE", "IN", "NO"]


def test_bad_filter_values_are_ignored_with_a_message(client, module_index, catalogue):
    response = client.get(f"{module_index.url}?mode=nonsense&state=open")
    assert titles(response) == ["Children’s rights in everyday practice"]
    assert "This choice is not available; it was ignored." in response.content.decode()


def test_empty_states(client, module_index, catalogue):
    text = client.get(f"{module_index.url}?q=zebras").content.decode()
    assert "No modules match these filters." in text
    for module in catalogue.values():
        module.delete()
    text = client.get(module_index.url).content.decode()
    assert "No course modules have been published yet." in text


def test_pages_of_results_keep_the_filters(client, module_index, make_module, partners, teachers):
    for n in range(PAGE_SIZE + 3):
        make_module(
            title=f"Module {n:02d}",
            slug=f"module-{n}",
            start_date=datetime.date(2027, 1, 1) + datetime.timedelta(days=n),
            partner_list=[partners["oslo"], partners["leuven"]],
            teacher_list=[(teachers["oslo"], True), (teachers["leuven"], True)],
        )
    first = client.get(f"{module_index.url}?mode=coil")
    assert len(titles(first)) == PAGE_SIZE
    soup = bs4.BeautifulSoup(first.content, "html.parser")
    next_link = soup.select_one('.pagination a[rel="next"]')["href"]
    assert "mode=coil" in next_link and "page=2" in next_link
    second = client.get(module_index.url + next_link)
    assert titles(second) == [f"Module {n:02d}" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
    # A page beyond the end shows the last page rather than an error.
    assert titles(client.get(f"{module_index.url}?mode=coil&page=99")) == titles(second)


def test_listing_queries_do_not_grow_with_results(
    client, module_index, make_module, partners, teachers, django_assert_max_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(module_index.url)
        return len(queries)

    kwargs = {
        "partner_list": [partners["oslo"], partners["leuven"]],
        "teacher_list": [(teachers["oslo"], True), (teachers["leuven"], True)],
    }
    make_module(title="One", slug="one", **kwargs)
    client.get(module_index.url)
    few = count()
    for n in range(6):
        make_module(title=f"More {n}", slug=f"more-{n}", **kwargs)
    assert count() == few
