"""The demo data: real kinds of cases, several countries, sectors and languages."""

import pytest

from accounts import demo as accounts_demo
from practices import demo
from practices.models import GoodPracticePage, PracticeIndexPage

pytestmark = pytest.mark.django_db


def test_seeding_twice_gives_the_same_published_examples(home_pages):
    accounts_demo.seed(lambda line: None)
    demo.seed(lambda line: None)
    first = sorted(GoodPracticePage.objects.values_list("pk", "locale__language_code", "live"))
    demo.seed(lambda line: None)

    assert sorted(GoodPracticePage.objects.values_list("pk", "locale__language_code", "live")) == (
        first
    )
    english = GoodPracticePage.objects.live().filter(locale__language_code="en")
    assert english.count() >= 6
    assert len({e.sector for e in english}) >= 3
    countries = {country.code for example in english for country in example.countries}
    assert {"NO", "SE", "DE", "GB", "CN", "JP", "FR", "NL", "MT", "BE"} <= countries
    assert english.filter(featured=True).exists()
    assert english.filter(score_impact__isnull=False).count() >= 6
    # Real translations (not only aliases) in Norwegian or Swedish.
    translated = GoodPracticePage.objects.live().filter(
        locale__language_code__in=["nb", "sv"], alias_of__isnull=True
    )
    assert translated.count() >= 2
    # Every example can be found in every language's tree.
    for code in ("nb", "sv"):
        assert GoodPracticePage.objects.live().filter(locale__language_code=code).count() == (
            english.count()
        )
    titles = dict(PracticeIndexPage.objects.values_list("locale__language_code", "title"))
    assert titles == {"en": "Good practice", "nb": "God praksis", "sv": "Goda exempel"}
    assert all(PracticeIndexPage.objects.values_list("show_in_menus", flat=True))


def test_the_demo_upper_secondary_examples_in_germany_are_two_clicks_from_home(client, home_pages):
    accounts_demo.seed(lambda line: None)
    demo.seed(lambda line: None)

    home = client.get("/en/").content.decode()
    assert 'href="/en/good-practice/?sector=upper_secondary"' in home
    listing = client.get("/en/good-practice/?sector=upper_secondary").content.decode()
    assert 'href="?sector=upper_secondary&amp;country=DE"' in listing
    germany = client.get("/en/good-practice/?sector=upper_secondary&country=DE").content.decode()
    assert "A German partner class before a term abroad" in germany
    assert "Farming in two countries" not in germany
