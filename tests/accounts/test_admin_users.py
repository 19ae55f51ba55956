"""The Wagtail admin's user forms carry the platform's own fields."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.disguises import name_refusal
from tests.factories import InstitutionFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser("site.admin", "admin@example.org", "pw")
    client.force_login(admin)
    return client


@pytest.fixture
def ucll(db):
    return InstitutionFactory(name="UC Leuven-Limburg", short_name="UCLL", country="BE")


def new_user_data(**changes):
    data = {
        "username": "lotte.peeters",
        "email": "lotte@example.org",
        "first_name": "Lotte",
        "last_name": "Peeters",
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
        "display_name": "Lotte P.",
        "timezone": "Europe/Brussels",
        "language": "nb",
    }
    data.update(changes)
    return data


def test_add_form_offers_the_platform_fields(admin_client):
    response = admin_client.get(reverse("wagtailusers_users:add"))

    assert response.status_code == 200
    html = response.content.decode()
    for name in ["display_name", "institution", "timezone", "language"]:
        assert f'name="{name}"' in html


def test_admin_creates_a_user_with_institution_time_zone_and_language(admin_client, ucll):
    response = admin_client.post(
        reverse("wagtailusers_users:add"), new_user_data(institution=ucll.pk)
    )

    assert response.status_code == 302
    user = User.objects.get(username="lotte.peeters")
    assert (user.display_name, user.institution, user.timezone, user.language) == (
        "Lotte P.",
        ucll,
        "Europe/Brussels",
        "nb",
    )


def test_admin_edits_institution_time_zone_and_language(admin_client, ucll):
    user = UserFactory(username="pieter", timezone="UTC", language="en")

    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "username": "pieter",
            "email": "pieter@example.org",
            "first_name": "Pieter",
            "last_name": "Janssens",
            "is_active": "on",
            "display_name": "Pieter J.",
            "institution": ucll.pk,
            "timezone": "Asia/Kolkata",
            "language": "sv",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.institution, user.timezone, user.language) == (
        "Pieter J.",
        ucll,
        "Asia/Kolkata",
        "sv",
    )


@pytest.mark.parametrize(
    ("field", "value"), [("timezone", "Mars/Olympus_Mons"), ("language", "de")]
)
def test_admin_form_refuses_bad_time_zone_or_language(admin_client, field, value):
    response = admin_client.post(reverse("wagtailusers_users:add"), new_user_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.filter(username="lotte.peeters").exists()


def test_non_admin_cannot_open_the_user_forms(client, db):
    teacher = UserFactory(username="teacher", roles=["Teachers"])
    client.force_login(teacher)

    response = client.get(reverse("wagtailusers_users:add"))

    assert response.status_code in (302, 403)
    assert not response.context or "display_name" not in response.content.decode()


@pytest.mark.parametrize("field", ["display_name", "first_name", "last_name"])
@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff", "\x07", "\x7f"])
def test_admin_form_refuses_names_that_could_disguise_themselves(admin_client, field, char):
    data = new_user_data(**{field: f"Lotte{char}P."})

    response = admin_client.post(reverse("wagtailusers_users:add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [name_refusal(char)]
    assert not User.objects.filter(username="lotte.peeters").exists()


def test_admin_edit_refuses_a_disguised_display_name_and_keeps_the_old_one(admin_client):
    user = UserFactory(username="pieter", display_name="Pieter J.")

    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "username": "pieter",
            "email": "pieter@example.org",
            "first_name": "Pieter",
            "last_name": "Janssens",
            "is_active": "on",
            "display_name": "Pieter\u202eJ.",
            "timezone": "UTC",
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == [name_refusal("\u202e")]
    user.refresh_from_db()
    assert user.display_name == "Pieter J."


def test_admin_form_stores_the_display_name_in_nfc_with_single_spaces(admin_client):
    data = new_user_data(display_name=" Lotte\t\tPe\u0301ters ")

    response = admin_client.post(reverse("wagtailusers_users:add"), data)

    assert response.status_code == 302
    assert User.objects.get(username="lotte.peeters").display_name == "Lotte Péters"


def account_settings(**name):
    """What the admin's own account page posts: its name panel and the other panels' values."""
    return {
        "name_email-first_name": "Pieter",
        "name_email-last_name": "Janssens",
        "name_email-email": "pieter@example.org",
        "locale-preferred_language": "",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
        **{f"name_email-{field}": value for field, value in name.items()},
    }


def test_own_account_page_saves_the_name_in_nfc_with_single_spaces(client, db):
    teacher = UserFactory(username="pieter", roles=["Teachers"], first_name="P", last_name="J")
    client.force_login(teacher)

    response = client.post("/admin/account/", account_settings(first_name=" Pie\u0301ter  Jan"))

    assert response.status_code == 302
    teacher.refresh_from_db()
    assert (teacher.first_name, teacher.last_name) == ("Piéter Jan", "Janssens")


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_own_account_page_refuses_a_disguised_name_and_keeps_the_old_one(client, db, field):
    teacher = UserFactory(username="pieter", roles=["Teachers"], first_name="P", last_name="J")
    client.force_login(teacher)

    response = client.post("/admin/account/", account_settings(**{field: "Pieter\u2067J"}))

    assert response.status_code == 200
    assert name_refusal("\u2067") in response.content.decode()
    teacher.refresh_from_db()
    assert (teacher.first_name, teacher.last_name) == ("P", "J")
