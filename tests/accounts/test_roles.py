"""The four roles and what they may do in the Wagtail admin; institutions as snippets."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Institution
from accounts.roles import ALL_ROLES, COORDINATORS, EDITORS, STUDENTS, TEACHERS
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_four_role_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ALL_ROLES)


@pytest.mark.parametrize(
    ("role", "admin_access"),
    [(TEACHERS, True), (EDITORS, True), (COORDINATORS, True), (STUDENTS, False)],
)
def test_who_may_open_the_admin(client, role, admin_access):
    client.force_login(UserFactory(username=f"someone.{role.lower()}", roles=[role]))

    response = client.get("/admin/")

    if admin_access:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("role", "may_add"),
    [(EDITORS, True), (TEACHERS, False), (COORDINATORS, False)],
)
def test_only_editors_add_institutions(client, role, may_add):
    user = UserFactory(username=f"person.{role.lower()}", roles=[role])
    client.force_login(user)

    assert user.has_perm("accounts.add_institution") is may_add
    assert user.has_perm("accounts.view_institution")
    response = client.get(reverse("wagtailsnippets_accounts_institution:add"))
    assert (response.status_code == 200) is may_add


def test_a_role_is_a_group():
    teacher = UserFactory(username="teacher.role", roles=[TEACHERS])

    assert teacher.groups.filter(name=TEACHERS).exists()
    assert not teacher.groups.filter(name=STUDENTS).exists()


def institution_data(**changes):
    data = {
        "name": "Hvam videregående skole",
        "short_name": "Hvam vgs",
        "country": "NO",
        "city": "Hvam",
        "sector": "upper_secondary",
        "kind": "upper_secondary",
        "website": "https://hvam.example.no",
        "timezone": "Europe/Oslo",
        "description": "Upper-secondary school with an exchange partnership in England.",
    }
    data.update(changes)
    return data


def test_editor_adds_an_institution(client):
    client.force_login(UserFactory(username="editor.snippets", roles=[EDITORS]))

    response = client.post(reverse("wagtailsnippets_accounts_institution:add"), institution_data())

    assert response.status_code == 302
    institution = Institution.objects.get(short_name="Hvam vgs")
    assert (institution.country.code, institution.tzinfo.key) == ("NO", "Europe/Oslo")
    assert institution.kind == "upper_secondary"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Europe/Hvam"),
        ("country", "XX"),
        ("sector", "kindergarten"),
        ("kind", "castle"),
    ],
)
def test_institution_with_bad_values_is_refused(client, field, value):
    client.force_login(UserFactory(username="editor.snippets", roles=[EDITORS]))

    response = client.post(
        reverse("wagtailsnippets_accounts_institution:add"), institution_data(**{field: value})
    )

    assert response.status_code == 400 or response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Institution.objects.filter(short_name="Hvam vgs").exists()


def test_institution_time_zone_is_validated_on_the_model():
    institution = InstitutionFactory.build(timezone="Mars/Olympus_Mons")

    with pytest.raises(ValidationError) as error:
        institution.full_clean()
    assert "timezone" in error.value.message_dict
