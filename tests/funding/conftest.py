import datetime

import pytest

from accounts.models import OrganisationKind, Sector
from funding.models import CallIndexPage, CallPage
from tests.factories import InstitutionFactory, UserFactory

UTC = datetime.UTC
OPENS = datetime.datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
# 24 June 2026 10:00 in Oslo (summer time, UTC+2).
DEADLINE = datetime.datetime(2026, 6, 24, 8, 0, tzinfo=UTC)
WHILE_OPEN = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

CATEGORIES = [
    ("cat-admin", "Administrative leadership", 1),
    ("cat-department", "School/kindergarten department", 1),
    ("cat-leadership", "School/kindergarten leadership", 2),
]


def call_fields(**overrides):
    fields = {
        "title": "Internationalisation in municipalities",
        "slug": "municipalities",
        "code": "KOMM",
        "summary": "Six course places for Norwegian municipalities.",
        "eligible_kinds": [OrganisationKind.MUNICIPALITY],
        "eligible_countries": ["NO"],
        "composition": [
            {"type": "category", "id": cid, "value": {"name": name, "minimum": n}}
            for cid, name, n in CATEGORIES
        ],
        "questions": [
            {
                "type": "long_text",
                "id": "q-motivation",
                "value": {"label": "Why does the municipality apply?", "required": True},
            },
            {
                "type": "number",
                "id": "q-schools",
                "value": {"label": "Number of schools", "required": True},
            },
            {
                "type": "choice",
                "id": "q-area",
                "value": {"label": "Area", "required": False, "choices": ["School", "Both"]},
            },
        ],
        "opens_at": OPENS,
        "deadline": DEADLINE,
        "places": 6,
        "currency": "NOK",
        "allocation": "draw",
        "grant_amount": 50000,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def funder(db):
    return InstitutionFactory(
        name="Directorate for Higher Education and Skills",
        short_name="HK-dir",
        kind=OrganisationKind.NATIONAL_AGENCY,
        sector=Sector.HIGHER,
        city="Bergen",
        timezone="Europe/Oslo",
    )


@pytest.fixture
def call_index(home_pages):
    index = home_pages["en"].add_child(instance=CallIndexPage(title="Calls", slug="calls"))
    index.save_revision().publish()
    return index


@pytest.fixture
def make_call(call_index, funder):
    def make(**overrides):
        call = call_index.add_child(instance=CallPage(funder=funder, **call_fields(**overrides)))
        call.save_revision().publish()
        return CallPage.objects.get(pk=call.pk)

    return make


@pytest.fixture
def call(make_call):
    return make_call()


def municipality(name="Bodø kommune", **fields):
    return InstitutionFactory(
        name=name,
        short_name=name.split()[0],
        kind=fields.pop("kind", OrganisationKind.MUNICIPALITY),
        sector=Sector.PRIMARY,
        country=fields.pop("country", "NO"),
        city=name.split()[0],
        **fields,
    )


def coordinator(institution, username="coordinator", **fields):
    return UserFactory(username=username, institution=institution, roles=["Coordinators"], **fields)


@pytest.fixture
def bodo(db):
    return municipality()


@pytest.fixture
def bodo_coordinator(bodo):
    return coordinator(bodo, "coordinator.bodo", timezone="America/New_York")
