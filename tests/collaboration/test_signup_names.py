"""Signing up from an invitation: the name others will see cannot be disguised."""

import pytest
from django.test import Client

from accounts.models import User
from tests.disguises import DISGUISING, name_refusal

pytestmark = pytest.mark.django_db


def sign_up(world, display_name):
    return Client().post(
        f"/en/modules/join/{world.module.invitation_code}/signup/",
        {
            "display_name": display_name,
            "username": "noor.v",
            "email": "noor@example.org",
            "institution": world["a_leuven"].institution.pk,
            "password1": "a-long-Passphrase-2026",
            "password2": "a-long-Passphrase-2026",
        },
    )


@pytest.mark.parametrize("char", DISGUISING.values(), ids=DISGUISING.keys())
def test_a_name_that_could_disguise_itself_is_refused_and_no_account_is_made(world, char):
    response = sign_up(world, f"Noor{char}Vermeulen")

    assert response.status_code == 400
    assert response.context["form"].errors["display_name"] == [name_refusal(char)]
    assert not User.objects.filter(username="noor.v").exists()


def test_a_name_of_only_invisible_characters_is_refused(world):
    response = sign_up(world, "\u200b\u200b")

    assert response.status_code == 400
    assert response.context["form"].errors["display_name"] == [name_refusal("\u200b")]
    assert not User.objects.filter(username="noor.v").exists()


def test_the_name_is_stored_in_nfc_with_single_spaces(world):
    response = sign_up(world, "  Noor\n\tVermeule\u0301n ")

    assert response.status_code == 302
    assert User.objects.get(username="noor.v").display_name == "Noor Vermeulén"
