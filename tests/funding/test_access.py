"""Applicants see only their own institution's applications; managers see the call's."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from funding.services import start_application
from tests.factories import UserFactory
from tests.funding.conftest import WHILE_OPEN, coordinator, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(call, bodo):
    return start_application(call, bodo, None, now=WHILE_OPEN)


@pytest.fixture
def other_coordinator():
    return coordinator(municipality("Tromsø kommune"), "coordinator.tromso")


def application_urls(application):
    base = f"/en/funding/applications/{application.pk}/"
    return [base, f"{base}submit/", f"{base}withdraw/", f"{base}members/"]


def test_a_coordinator_of_another_institution_gets_404_everywhere(
    client, application, other_coordinator
):
    client.force_login(other_coordinator)
    assert client.get(application_urls(application)[0]).status_code == 404
    for url in application_urls(application):
        assert client.post(url, {"title": "Hijacked"}).status_code == 404
    application.refresh_from_db()
    assert application.title == ""
    assert application.state == "draft"


def test_the_own_coordinator_sees_the_application(client, application, bodo_coordinator):
    client.force_login(bodo_coordinator)
    response = client.get(f"/en/funding/applications/{application.pk}/")
    assert response.status_code == 200
    assert application.reference in response.text


def test_a_teacher_of_the_same_institution_gets_404(client, application, bodo):
    client.force_login(UserFactory(username="teacher.bodo", institution=bodo, roles=["Teachers"]))
    assert client.get(f"/en/funding/applications/{application.pk}/").status_code == 404


def test_not_signed_in_is_sent_to_sign_in(client, application):
    response = client.get(f"/en/funding/applications/{application.pk}/")
    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/login/")


def test_the_managers_table_is_refused_to_coordinators(client, call, application, bodo_coordinator):
    client.force_login(bodo_coordinator)
    assert client.get(f"/en/funding/calls/{call.pk}/applications/").status_code == 404


def test_editors_of_the_call_page_manage_it_and_read_applications(
    client, call, application, funder
):
    managers = Group.objects.create(name="Managers of this call")
    GroupPagePermission.objects.create(group=managers, page=call, permission_type="change")
    manager = UserFactory(username="manager", is_staff=True, institution=funder)
    manager.groups.add(managers)
    client.force_login(manager)
    table = client.get(f"/en/funding/calls/{call.pk}/applications/")
    assert table.status_code == 200
    assert application.reference in table.text
    detail = client.get(f"/en/funding/applications/{application.pk}/")
    assert detail.status_code == 200
    # Managers read; only the institution's coordinators write.
    assert client.post(detail.request["PATH_INFO"], {"title": "x"}).status_code == 404


def test_superusers_manage_every_call(client, call, application):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(f"/en/funding/calls/{call.pk}/applications/").status_code == 200
