"""Calls in Wagtail's pages API with their funded projects, and in the site search."""

from decimal import Decimal

import pytest

from funding.choices import ApplicationState
from funding.models import Application, ProjectGroupMember
from tests.factories import InstitutionFactory, ModuleIndexPageFactory
from tests.funding.conftest import municipality
from tests.modules.conftest import build_module

FIELDS = "funder,code,state,deadline,places,currency,funded_projects,funded_totals"


def application(call, name, state, number, **fields):
    return Application.objects.create(
        call=call,
        institution=municipality(name),
        reference=f"KOMM-2026-{number:04d}",
        state=state,
        title=f"Project of {name}",
        **fields,
    )


@pytest.fixture
def projects(call, home_pages):
    leuven = InstitutionFactory(name="UC Leuven-Limburg", short_name="UCLL", country="BE")
    module = build_module(
        ModuleIndexPageFactory(parent=home_pages["en"]), title="Bodø abroad", partner_list=[leuven]
    )
    bodo = application(call, "Bodø kommune", ApplicationState.ACCEPTED, 1, module=module)
    ProjectGroupMember.objects.create(
        application=bodo, name="Siri Johansen", role="Head", email="siri@example.org", category="x"
    )
    application(
        call, "Tromsø kommune", ApplicationState.AWARDED, 2, granted_amount=Decimal("12345.50")
    )
    application(call, "Molde kommune", ApplicationState.DECLINED, 3)
    application(call, "Alta kommune", ApplicationState.SUBMITTED, 4)
    return module


def test_the_call_in_the_pages_api_has_its_funded_projects_and_totals(client, call, projects):
    listing = client.get(f"/api/v2/pages/?type=funding.CallPage&fields={FIELDS}")
    assert listing.status_code == 200
    (item,) = listing.json()["items"]
    assert item["code"] == "KOMM"
    assert item["state"] == "closed"
    assert item["places"] == 6
    assert item["currency"] == "NOK"
    assert item["deadline"].startswith("2026-06-24T08:00:00")
    assert item["funder"]["name"] == "Directorate for Higher Education and Skills"
    bodo, tromso = item["funded_projects"]
    assert bodo["institution"]["name"] == "Bodø kommune"
    assert bodo["amount"] == "50000.00"
    assert bodo["currency"] == "NOK"
    assert bodo["partners"] == [
        {"id": projects.partners.get().pk, "name": "UC Leuven-Limburg", "country": "BE"}
    ]
    assert bodo["module"]["title"] == "Bodø abroad"
    assert bodo["module"]["url"].endswith(projects.url)
    assert bodo["good_practice"] is None
    assert tromso["amount"] == "12345.50"
    assert tromso["module"] is None
    assert item["funded_totals"] == {
        "count": 2,
        "amounts": [{"currency": "NOK", "amount": "62345.50"}],
    }
    # Nothing private: no project group, no e-mail.
    assert "Siri" not in listing.text
    assert "@" not in listing.text.replace("@example", "")  # no address of any kind
    assert "Molde" not in listing.text and "Alta" not in listing.text


def test_the_detail_has_the_fields(client, call, projects):
    detail = client.get(f"/api/v2/pages/{call.pk}/").json()
    assert detail["code"] == "KOMM"
    assert detail["funded_totals"]["count"] == 2
    assert len(detail["funded_projects"]) == 2


def test_the_site_search_finds_a_call_by_a_funded_institution(client, call, projects):
    found = client.get("/en/search/", {"q": "Tromsø"})
    assert found.status_code == 200
    assert f'href="{call.url}"' in found.text
    assert "Funding calls" in found.text
    # A declined place is not a funded project: the search does not find the call by it.
    assert f'href="{call.url}"' not in client.get("/en/search/", {"q": "Molde"}).text


def test_the_search_follows_a_change_of_state(client, call, projects):
    molde = Application.objects.get(institution__name="Molde kommune")
    molde.state = ApplicationState.ACCEPTED
    molde.save()
    assert f'href="{call.url}"' in client.get("/en/search/", {"q": "Molde"}).text


def test_the_site_search_finds_calls_by_their_words(client, call):
    found = client.get("/en/search/", {"q": "municipalities"})
    assert f'href="{call.url}"' in found.text


def test_saving_a_draft_or_a_submitted_application_indexes_nothing(call, monkeypatch):
    import funding.signals  # noqa: PLC0415 - its indexing is what is counted

    indexed = []
    monkeypatch.setattr(funding.signals, "insert_or_update_object", indexed.append)
    draft = application(call, "Alta kommune", ApplicationState.DRAFT, 4)
    draft.title = "Alta i Europa"
    draft.save()
    draft.state = ApplicationState.SUBMITTED
    draft.save()
    assert indexed == []
    draft.state = ApplicationState.AWARDED
    draft.save()
    assert [page.pk for page in indexed] == [call.pk]
