"""Call pages in the Wagtail admin: where they may be made, and their edit form."""

import re

import pytest
from wagtail.models import Page

from funding.models import CallIndexPage, CallPage
from home.models import HomePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_calls_live_under_a_calls_index_under_a_home_page():
    assert CallPage.allowed_parent_page_models() == [CallIndexPage]
    assert CallIndexPage.allowed_parent_page_models() == [HomePage]
    assert CallPage.allowed_subpage_models() == []
    assert CallIndexPage.allowed_subpage_models() == [CallPage]
    assert not CallPage.can_create_at(Page.get_first_root_node())


def test_the_edit_form_offers_kinds_as_checkboxes_and_keeps_the_call(client, call):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.get(f"/admin/pages/{call.pk}/edit/")
    assert response.status_code == 200
    assert 'name="eligible_kinds" value="municipality"' in response.text
    assert 'value="county"' in response.text
    ticked = re.findall(r'name="eligible_kinds" value="(\w+)"[^>]*checked', response.text)
    assert ticked == ["municipality"]
