"""The call's managers record a funded project's amount and course module; nobody else."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from funding.choices import ApplicationState
from funding.models import Application
from tests.factories import ModuleIndexPageFactory, UserFactory
from tests.funding.conftest import coordinator, municipality
from tests.modules.conftest import build_module


@pytest.fixture
def accepted(call, bodo):
    return Application.objects.create(
        call=call,
        institution=bodo,
        reference="KOMM-2026-0001",
        state=ApplicationState.ACCEPTED,
        title="Bodø i Europa",
    )


@pytest.fixture
def manager(call):
    managers = Group.objects.create(name="HK-dir call managers")
    GroupPagePermission.objects.create(group=managers, page=call, permission_type="change")
    user = UserFactory(username="manager", is_staff=True, institution=call.funder)
    user.groups.add(managers)
    return user


@pytest.fixture
def module(home_pages):
    return build_module(ModuleIndexPageFactory(parent=home_pages["en"]), title="Bodø in Europe")


def record_url(application):
    return f"/en/funding/applications/{application.pk}/funding/"


def test_a_manager_records_the_amount_and_the_module(client, accepted, manager, module):
    client.force_login(manager)
    page = client.get(accepted.get_absolute_url())
    assert f'action="{record_url(accepted)}"' in page.text
    response = client.post(record_url(accepted), {"granted_amount": "45000", "module": module.pk})
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.granted_amount == Decimal("45000")
    assert accepted.module_id == module.pk
    listed = client.get(accepted.call.url + "funded/")
    assert "NOK 45,000" in listed.text
    assert f'href="{module.url}"' in listed.text
    # Emptied, the call's fixed grant counts again.
    client.post(record_url(accepted), {"granted_amount": "", "module": ""})
    accepted.refresh_from_db()
    assert (accepted.granted_amount, accepted.module_id) == (None, None)


@pytest.mark.parametrize("amount", ["-5", "abc", "1234567890123", "1.234"])
def test_a_bad_amount_is_refused_and_changes_nothing(client, accepted, manager, amount):
    client.force_login(manager)
    response = client.post(record_url(accepted), {"granted_amount": amount})
    assert response.status_code == 400
    accepted.refresh_from_db()
    assert accepted.granted_amount is None


def test_an_unknown_module_is_refused(client, accepted, manager):
    client.force_login(manager)
    assert client.post(record_url(accepted), {"module": "999999"}).status_code == 400
    accepted.refresh_from_db()
    assert accepted.module_id is None


def test_only_a_funded_application_gets_an_amount(client, accepted, manager):
    Application.objects.filter(pk=accepted.pk).update(state=ApplicationState.DECLINED)
    client.force_login(manager)
    assert "funded-project" not in client.get(accepted.get_absolute_url()).text
    assert client.post(record_url(accepted), {"granted_amount": "1"}).status_code == 400
    accepted.refresh_from_db()
    assert accepted.granted_amount is None


def test_the_own_coordinator_may_not_record_it(client, accepted, bodo_coordinator):
    client.force_login(bodo_coordinator)
    assert "funded-project" not in client.get(accepted.get_absolute_url()).text
    assert client.post(record_url(accepted), {"granted_amount": "1"}).status_code == 403
    accepted.refresh_from_db()
    assert accepted.granted_amount is None


def test_others_get_404_and_visitors_are_sent_to_sign_in(client, accepted):
    response = client.post(record_url(accepted), {"granted_amount": "1"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(coordinator(municipality("Tromsø kommune"), "coordinator.tromso"))
    assert client.post(record_url(accepted), {"granted_amount": "1"}).status_code == 404
    client.force_login(UserFactory(username="teacher", roles=["Teachers"]))
    assert client.post(record_url(accepted), {"granted_amount": "1"}).status_code == 404
    accepted.refresh_from_db()
    assert accepted.granted_amount is None


def test_a_superuser_may_record_it_and_get_is_refused(client, accepted):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(record_url(accepted)).status_code == 405
    assert client.post(record_url(accepted), {"granted_amount": "7"}).status_code == 302
    accepted.refresh_from_db()
    assert accepted.granted_amount == Decimal("7")


def test_the_form_keeps_csrf(accepted, manager):
    from django.test import Client  # noqa: PLC0415

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(manager)
    assert strict.post(record_url(accepted), {"granted_amount": "1"}).status_code == 403
    accepted.refresh_from_db()
    assert accepted.granted_amount is None


def test_an_unpublished_module_is_not_offered_nor_accepted(client, accepted, manager, home_pages):
    index = ModuleIndexPageFactory(parent=home_pages["en"])
    draft = build_module(index, title="Someone else draft", publish=False)
    client.force_login(manager)
    assert "Someone else" not in client.get(accepted.get_absolute_url()).text
    assert client.post(record_url(accepted), {"module": draft.pk}).status_code == 400
    accepted.refresh_from_db()
    assert accepted.module_id is None
