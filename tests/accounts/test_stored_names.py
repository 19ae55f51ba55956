"""Names stored before the rules for names existed are cleaned by a migration."""

import importlib

import pytest
from django.apps import apps

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0005_clean_stored_names")


def test_stored_names_lose_the_characters_that_disguise_them():
    disguised = UserFactory(username="mallory")
    plain = UserFactory(username="ingrid", display_name="Ingrid Hansen", first_name="Ingrid")
    # As an older version stored them, past today's form and model rules.
    User.objects.filter(pk=disguised.pk).update(
        display_name="admin\u202egnp.exe",
        first_name="Mal\u200b\u200blory \u2066 M\x07",
        last_name="\ufeffO'Bri\u0301en",
    )

    migration.clean_stored_names(apps, None)

    disguised.refresh_from_db()
    assert (disguised.display_name, disguised.first_name, disguised.last_name) == (
        "admingnp.exe",
        "Mallory M",
        "O'Bríen",
    )
    plain.refresh_from_db()
    assert (plain.display_name, plain.first_name) == ("Ingrid Hansen", "Ingrid")
