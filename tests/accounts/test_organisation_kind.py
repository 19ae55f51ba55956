"""The kind of organisation of an institution: set from the sector for old rows, in the admin."""

import importlib

import pytest
from django.apps import apps

from accounts.demo import INSTITUTIONS
from accounts.models import Institution, OrganisationKind, Sector
from tests.factories import InstitutionFactory, UserFactory

kind_migration = importlib.import_module("accounts.migrations.0006_institution_kind")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sector", "kind"),
    [
        (Sector.EARLY_CHILDHOOD, OrganisationKind.KINDERGARTEN),
        (Sector.PRIMARY, OrganisationKind.SCHOOL),
        (Sector.LOWER_SECONDARY, OrganisationKind.SCHOOL),
        (Sector.UPPER_SECONDARY, OrganisationKind.UPPER_SECONDARY),
        (Sector.VOCATIONAL, OrganisationKind.VOCATIONAL),
        (Sector.ADULT, OrganisationKind.ADULT_EDUCATION),
        (Sector.HIGHER, OrganisationKind.UNIVERSITY),
    ],
)
def test_existing_institutions_get_the_kind_of_their_sector(sector, kind):
    institution = InstitutionFactory(sector=sector, kind="")
    kind_migration.set_kind_from_sector(apps, None)
    institution.refresh_from_db()
    assert institution.kind == kind


@pytest.mark.django_db
def test_a_kind_already_set_is_kept_by_the_migration():
    municipality = InstitutionFactory(sector=Sector.PRIMARY, kind=OrganisationKind.MUNICIPALITY)
    kind_migration.set_kind_from_sector(apps, None)
    municipality.refresh_from_db()
    assert municipality.kind == OrganisationKind.MUNICIPALITY


def test_every_demo_institution_names_a_known_kind():
    assert INSTITUTIONS
    assert all(row["kind"] in OrganisationKind.values for row in INSTITUTIONS)


@pytest.mark.django_db
def test_the_admin_edits_and_lists_the_kind(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    institution = InstitutionFactory(name="Bodø kommune", kind=OrganisationKind.MUNICIPALITY)
    client.force_login(admin)
    edit = client.get(f"/admin/snippets/accounts/institution/edit/{institution.pk}/")
    assert edit.status_code == 200
    assert 'name="kind"' in edit.text
    listing = client.get("/admin/snippets/accounts/institution/?kind=municipality")
    assert "Bodø kommune" in listing.text
    assert "Municipality" in listing.text


@pytest.mark.django_db
def test_an_institution_cannot_be_saved_in_the_admin_without_a_kind(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    institution = InstitutionFactory(name="Somewhere", kind=OrganisationKind.UNIVERSITY)
    client.force_login(admin)
    response = client.post(
        f"/admin/snippets/accounts/institution/edit/{institution.pk}/",
        {
            "name": "Somewhere",
            "short_name": "S",
            "country": "NO",
            "city": "Oslo",
            "sector": Sector.HIGHER,
            "kind": "",
            "timezone": "Europe/Oslo",
        },
    )
    assert response.status_code == 200
    assert Institution.objects.get(pk=institution.pk).kind == OrganisationKind.UNIVERSITY
