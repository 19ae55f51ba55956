"""The public lists of funded projects: per call and per funder, their totals, what they show."""

import datetime
import re
from decimal import Decimal

import pytest
from wagtail.models import PageViewRestriction

from funding.choices import ApplicationState
from funding.models import Application, CallPage, ProjectGroupMember
from tests.factories import InstitutionFactory, ModuleIndexPageFactory
from tests.funding.conftest import municipality
from tests.modules.conftest import build_module
from tests.practices.factories import GoodPracticePageFactory, PracticeIndexPageFactory

DECIDED = datetime.datetime(2026, 8, 20, 10, 0, tzinfo=datetime.UTC)


def funded(call, name, state=ApplicationState.ACCEPTED, **fields):
    institution = municipality(name)
    number = Application.objects.count() + 1
    return Application.objects.create(
        call=call,
        institution=institution,
        reference=f"{call.code}-2026-{number:04d}",
        state=state,
        title=fields.pop("title", f"Project of {name}"),
        **fields,
    )


def decide(call):
    CallPage.objects.filter(translation_key=call.translation_key).update(decided_at=DECIDED)
    return CallPage.objects.get(pk=call.pk)


def sums(text):
    """{currency: amount as shown} of the totals on a page, in order."""
    return re.findall(r'data-currency="(\w+)">\w+ ([^<]+)</span>', text)


@pytest.fixture
def every_state(call):
    return {state: funded(call, f"{state.label} kommune", state) for state in ApplicationState}


def test_only_awarded_and_accepted_places_are_listed(client, call, every_state):
    page = client.get(call.url + "funded/")
    assert page.status_code == 200
    for state, application in every_state.items():
        listed = application.institution.name in page.text
        assert listed == (state in (ApplicationState.AWARDED, ApplicationState.ACCEPTED)), state
    # Two places of NOK 50 000, the call's fixed grant.
    assert "2 funded projects" in page.text
    assert sums(page.text) == [("NOK", "100,000")]


def test_a_granted_amount_replaces_the_fixed_grant_in_the_list_and_the_total(client, call):
    funded(call, "Bodø kommune", granted_amount=Decimal("42500.50"))
    funded(call, "Tromsø kommune")
    page = client.get(call.url + "funded/")
    assert "NOK 42,500.50" in page.text
    assert "NOK 50,000" in page.text
    assert sums(page.text) == [("NOK", "92,500.50")]


def test_a_call_without_funded_projects_says_so(client, call):
    page = client.get(call.url + "funded/")
    assert page.status_code == 200
    assert "0 funded projects" in page.text
    assert "No project has been funded by this call yet." in page.text


def test_the_call_page_and_the_index_link_the_list_once_decided(client, call):
    assert "funded/" not in client.get(call.url).text
    assert "funded/" not in client.get(call.get_parent().url).text
    call = decide(call)
    link = f'href="{call.url}funded/"'
    assert link in client.get(call.url).text
    assert link in client.get(call.get_parent().url).text


def test_the_funder_page_keeps_currencies_apart(client, make_call, funder):
    nok = make_call()
    sek = make_call(slug="coil", code="COIL", currency="SEK", grant_amount=None)
    eur = make_call(slug="eur", code="EURO", currency="EUR", grant_amount=1000)
    funded(nok, "Bodø kommune")
    funded(nok, "Tromsø kommune", ApplicationState.AWARDED)
    funded(sek, "Umeå kommun", granted_amount=Decimal("80000"))
    funded(sek, "Växjö kommun", granted_amount=Decimal("95000"))
    funded(eur, "Alta kommune", ApplicationState.DECLINED)
    other_funder = InstitutionFactory(name="Another funder", short_name="Other")
    other = make_call(slug="other", code="OTHER")
    CallPage.objects.filter(pk=other.pk).update(funder=other_funder)
    funded(other, "Molde kommune")

    page = client.get(f"/en/funding/funders/{funder.pk}/funded/")
    assert page.status_code == 200
    assert "Projects funded by Directorate for Higher Education and Skills" in page.text
    assert "Molde kommune" not in page.text
    assert "Alta kommune" not in page.text
    # Over all calls first, then each call: per currency, never NOK and SEK added.
    overall, *per_call = re.findall(
        r'class="funded-totals" data-count="(\d+)">(.*?)</p>', page.text
    )
    assert overall[0] == "4"
    assert sums(overall[1]) == [("NOK", "100,000"), ("SEK", "175,000")]
    assert "275,000" not in page.text
    assert sorted(count for count, _text in per_call) == ["0", "2", "2"]
    for call in (nok, sek, eur):
        assert f'href="{call.url}"' in page.text


def test_the_funder_page_is_404_for_an_institution_without_calls(client, bodo):
    assert client.get(f"/en/funding/funders/{bodo.pk}/funded/").status_code == 404
    assert client.get("/en/funding/funders/999999/funded/").status_code == 404


def test_a_call_with_no_fixed_grant_and_no_recorded_amount_shows_no_amount(client, make_call):
    call = make_call(grant_amount=None)
    funded(call, "Bodø kommune")
    page = client.get(call.url + "funded/")
    assert "1 funded project" in page.text
    assert sums(page.text) == []


@pytest.fixture
def module_index(home_pages):
    return ModuleIndexPageFactory(parent=home_pages["en"])


def test_the_list_links_published_modules_and_examples_only(client, call, home_pages, module_index):
    leuven = InstitutionFactory(name="UC Leuven-Limburg", short_name="UCLL", country="BE")
    kolkata = InstitutionFactory(name="Nordic Centre in India", short_name="NCI", country="IN")
    published = build_module(module_index, title="Outdoor play", partner_list=[leuven])
    draft = build_module(module_index, title="Secret draft", partner_list=[kolkata], publish=False)
    restricted = build_module(module_index, title="Staff only module", partner_list=[kolkata])
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    practices = PracticeIndexPageFactory(parent=home_pages["en"])
    GoodPracticePageFactory(parent=practices, title="Outdoor play: what worked", module=published)
    GoodPracticePageFactory(
        parent=practices, title="Unpublished write-up", module=draft, publish=False
    )
    with_module = funded(call, "Bodø kommune", module=published)
    funded(call, "Tromsø kommune", module=draft)
    funded(call, "Ringsaker kommune", module=restricted)
    ProjectGroupMember.objects.create(
        application=with_module,
        name="Siri Johansen",
        role="Kommunalsjef",
        email="siri.johansen@example.org",
        category="cat-admin",
    )

    page = client.get(call.url + "funded/")
    assert f'href="{published.url}"' in page.text
    assert "Outdoor play: what worked" in page.text
    assert "UC Leuven-Limburg (Belgium)" in page.text
    for private in (
        "Secret draft",
        "Unpublished write-up",
        "Staff only module",
        "Nordic Centre in India",
        "Siri Johansen",
        "siri.johansen@example.org",
        "@",
    ):
        assert private not in page.text.split("<main", 1)[-1], private
    # The projects themselves are all listed.
    for name in ("Bodø kommune", "Tromsø kommune", "Ringsaker kommune"):
        assert name in page.text


def test_user_written_titles_are_escaped(client, call):
    funded(call, "Bodø kommune", title="<script>alert(1)</script>")
    page = client.get(call.url + "funded/")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_the_list_answers_only_reading(client, call):
    assert client.post(call.url + "funded/").status_code == 405


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_the_lists_render_in_every_language(client, call, funder, home_pages, language):
    funded(call, "Bodø kommune")
    if language != "en":
        locale = home_pages[language].locale
        call.get_parent().specific.copy_for_translation(locale).save_revision().publish()
        translation = call.copy_for_translation(locale)
        translation.save_revision().publish()
        call = CallPage.objects.get(pk=translation.pk)
    page = client.get(call.url + "funded/")
    assert call.url.startswith(f"/{language}/")
    assert page.status_code == 200
    assert f'lang="{language}"' in page.text
    # A translation lists its original's projects.
    assert "Bodø kommune" in page.text
    assert "NOK 50" in page.text
    by_funder = client.get(f"/{language}/funding/funders/{funder.pk}/funded/")
    assert by_funder.status_code == 200
    assert f'lang="{language}"' in by_funder.text
    assert "Bodø kommune" in by_funder.text
    assert f'href="{call.url}"' in by_funder.text
