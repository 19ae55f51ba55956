"""Call managers manage the calls of their own institution: in the admin and on the site."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from accounts.models import OrganisationKind, Sector
from funding.models import CallPage, Draw
from funding.permission_testers import CALL_MANAGERS
from tests.factories import InstitutionFactory, UserFactory
from tests.funding.conftest import call_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def lnu(db):
    return InstitutionFactory(
        name="Linnéuniversitetet",
        short_name="LNU",
        kind=OrganisationKind.UNIVERSITY,
        sector=Sector.HIGHER,
        country="SE",
        timezone="Europe/Stockholm",
    )


@pytest.fixture
def lnu_call(call_index, lnu):
    fields = call_fields(slug="coil", code="LNUCOIL", funder=lnu, currency="SEK")
    call = call_index.add_child(instance=CallPage(**fields))
    call.save_revision().publish()
    return CallPage.objects.get(pk=call.pk)


def call_manager(username, institution):
    return UserFactory(username=username, institution=institution, roles=[CALL_MANAGERS])


@pytest.fixture
def hkdir_manager(client, funder):
    client.force_login(call_manager("manager.hkdir", funder))
    return client


def test_a_manager_edits_and_manages_the_calls_of_their_funder_only(hkdir_manager, call, lnu_call):
    assert hkdir_manager.get(f"/admin/pages/{call.pk}/edit/").status_code == 200
    assert hkdir_manager.get(f"/en/funding/calls/{call.pk}/applications/").status_code == 200
    refused = hkdir_manager.get(f"/admin/pages/{lnu_call.pk}/edit/")
    assert refused.status_code == 302
    assert refused.url == "/admin/"
    assert hkdir_manager.get(f"/en/funding/calls/{lnu_call.pk}/applications/").status_code == 404


def test_the_admin_lists_a_manager_only_the_calls_of_their_funder(
    hkdir_manager, call, lnu_call, call_index
):
    listing = hkdir_manager.get(f"/admin/pages/{call_index.pk}/")
    assert listing.status_code == 200
    assert f"/admin/pages/{call.pk}/edit/" in listing.text
    assert f"/admin/pages/{lnu_call.pk}/" not in listing.text


def test_the_lnu_manager_manages_the_lnu_call_and_not_the_agencys(client, call, lnu_call, lnu):
    client.force_login(call_manager("manager.lnu", lnu))
    assert client.get(f"/admin/pages/{lnu_call.pk}/edit/").status_code == 200
    assert client.get(f"/en/funding/calls/{lnu_call.pk}/applications/").status_code == 200
    assert client.get(f"/admin/pages/{call.pk}/edit/").status_code == 302
    assert client.get(f"/en/funding/calls/{call.pk}/applications/").status_code == 404


def test_the_call_page_offers_the_managers_table_only_to_the_funders_manager(
    hkdir_manager, call, lnu_call
):
    manage = f"/en/funding/calls/{call.pk}/applications/"
    assert manage in hkdir_manager.get(call.url).text
    assert (
        f"/en/funding/calls/{lnu_call.pk}/applications/" not in hkdir_manager.get(lnu_call.url).text
    )


def test_a_manager_may_not_edit_the_calls_index_itself(hkdir_manager, call_index):
    assert hkdir_manager.get(f"/admin/pages/{call_index.pk}/edit/").status_code == 302


def test_a_manager_of_another_institution_without_the_group_manages_nothing(client, call, funder):
    client.force_login(UserFactory(username="staff.hkdir", institution=funder, is_staff=True))
    assert client.get(f"/en/funding/calls/{call.pk}/applications/").status_code == 404


def add_call_form(client, index, **fields):
    url = f"/admin/pages/add/funding/callpage/{index.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key, value in nested_form_data(
        {
            name: streamfield([])
            for name in ("composition", "contacts", "questions", "report_questions", "criteria")
        }
    ).items():
        data[key] = value
    data["body"] = rich_text("")
    data["obligations"] = rich_text("")
    data.setlist("eligible_countries", [])
    data.update(
        {
            "title": "Next round",
            "slug": "next-round",
            "code": "NEXT",
            "summary": "Places for municipalities.",
            "opens_at": "2027-01-10 09:00",
            "deadline": "2027-02-10 12:00",
            "places": "6",
            "currency": "NOK",
            "allocation": "draw",
        }
    )
    data.update(fields)
    return url, response, data


def test_a_manager_creates_calls_only_for_their_own_funder(hkdir_manager, call_index, funder, lnu):
    url, form, data = add_call_form(hkdir_manager, call_index)
    funders = form.text.split('name="funder"')[1].split("</select>")[0]
    assert f'value="{funder.pk}"' in funders
    assert f'value="{lnu.pk}"' not in funders

    data["funder"] = str(lnu.pk)
    refused = hkdir_manager.post(url, data)
    assert refused.status_code == 200
    assert not CallPage.objects.filter(code="NEXT").exists()

    data["funder"] = str(funder.pk)
    made = hkdir_manager.post(url, data)
    assert made.status_code == 302, made.context["form"].errors if made.context else made
    call = CallPage.objects.get(code="NEXT", locale=call_index.locale)
    assert call.funder == funder
    assert hkdir_manager.get(f"/admin/pages/{call.pk}/edit/").status_code == 200


def test_site_editors_rights_reach_a_call_only_for_people_of_its_funder(
    client, call, call_index, home_pages, funder
):
    editors = Group.objects.create(name="Site editors")
    for action in ("change", "publish"):
        GroupPagePermission.objects.create(
            group=editors, page=home_pages["en"], permission_type=action
        )
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    editor = UserFactory(username="site.editor", is_staff=True)
    editor.groups.add(editors)
    client.force_login(editor)
    assert client.get(f"/admin/pages/{call_index.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{call.pk}/edit/").status_code == 302
    assert client.get(f"/en/funding/calls/{call.pk}/applications/").status_code == 404

    editor.institution = funder
    editor.save()
    assert client.get(f"/admin/pages/{call.pk}/edit/").status_code == 200
    assert client.get(f"/en/funding/calls/{call.pk}/applications/").status_code == 200


def test_another_funders_manager_may_not_freeze_or_draw_the_agencys_call(client, call, lnu):
    client.force_login(call_manager("manager.lnu", lnu))
    for action in ("beacon", "freeze", "draw"):
        assert client.post(call.url + "draw/", {"action": action}).status_code == 403
    assert Draw.objects.get(call=call).eligible is None


def test_the_agencys_manager_sees_the_draw_buttons_of_its_call(hkdir_manager, call):
    assert 'value="freeze"' in hkdir_manager.get(call.url + "draw/").text
