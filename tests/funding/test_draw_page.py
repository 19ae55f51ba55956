"""draw.json and the draw page: public reading, the seed kept secret, managers' buttons."""

import datetime
import json

import pytest
from django.test import Client

from funding import allocation
from funding.draw import verify
from funding.models import Draw
from funding.services import start_application, submit_application
from tests.factories import UserFactory
from tests.funding.conftest import WHILE_OPEN, municipality
from tests.funding.helpers import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(call):
    made = []
    for town in ["Alta", "Bodø", "Harstad", "Molde", "Narvik", "Tromsø", "Vadsø"]:
        application = complete(
            start_application(call, municipality(f"{town} kommune"), None, now=WHILE_OPEN)
        )
        made.append(submit_application(application, None, now=WHILE_OPEN))
    return made


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", is_superuser=True)


def test_before_the_draw_the_seed_is_nowhere_to_be_read(client, call, applications):
    seed = Draw.objects.get(call=call).seed
    response = client.get(call.url + "draw.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    record = response.json()
    assert record["seed"] is None
    assert record["seed_commitment"] and record["eligible"] == [] and record["order"] == []
    for address in (call.url, call.url + "draw/", f"/api/v2/pages/{call.pk}/"):
        page = client.get(address)
        assert page.status_code == 200, address
        assert seed not in page.text, address
    assert record["seed_commitment"] in client.get(call.url + "draw/").text
    assert seed not in json.dumps(call.latest_revision.content)


def test_after_the_draw_anyone_reads_a_record_that_checks_out(client, call, manager, applications):
    allocation.freeze_eligible(call, manager)
    allocation.run_draw(call, manager)
    record = client.get(call.url + "draw.json").json()
    assert verify(record) == []
    assert record["seed"] == Draw.objects.get(call=call).seed
    page = client.get(call.url + "draw/")
    assert "Awarded, in order" in page.text
    for reference in record["order"]:
        assert reference in page.text
    assert "python manage.py verify_draw http://" in page.text


def test_a_manager_freezes_and_draws_with_the_buttons(client, call, manager, applications):
    client.force_login(manager)
    page = client.get(call.url + "draw/")
    assert "Freeze the eligible list" in page.text and "Make the draw" not in page.text
    response = client.post(call.url + "draw/", {"action": "freeze"}, follow=True)
    assert "The eligible list is frozen." in response.text
    assert "Make the draw" in response.text
    response = client.post(call.url + "draw/", {"action": "draw"}, follow=True)
    assert "The draw has been made." in response.text
    assert "Make the draw" not in response.text
    again = client.post(call.url + "draw/", {"action": "draw"}, follow=True)
    assert "cannot be made again" in again.text
    assert len(client.get(call.url + "draw.json").json()["awarded"]) == 6


def test_others_get_403_on_the_actions_and_see_no_buttons(client, call, applications):
    for user in (None, UserFactory(username="teacher", roles=["Coordinators"])):
        if user:
            client.force_login(user)
        assert "Freeze the eligible list" not in client.get(call.url + "draw/").text
        for action in ("freeze", "draw", "beacon"):
            assert client.post(call.url + "draw/", {"action": action}).status_code == 403
    assert Draw.objects.get(call=call).eligible is None


def test_the_actions_need_the_csrf_token(call, manager, applications):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(call.url + "draw/", {"action": "freeze"}).status_code == 403
    assert Draw.objects.get(call=call).eligible is None


def test_a_call_allocated_by_review_has_no_draw(client, make_call):
    review = make_call(slug="review", code="REV", allocation="review")
    assert client.get(review.url + "draw.json").status_code == 404
    assert client.get(review.url + "draw/").status_code == 404
    assert "the draw and how to check it" not in client.get(review.url).text


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_the_draw_page_renders_in_every_language(client, call, manager, home_pages, language):
    allocation.freeze_eligible(call, manager, now=call.deadline + datetime.timedelta(days=1))
    if language != "en":
        locale = home_pages[language].locale
        call.get_parent().specific.copy_for_translation(locale).save_revision().publish()
        call = call.copy_for_translation(locale)
        call.save_revision().publish()
    call_page = client.get(call.url)
    assert f'href="{call.url}draw/"' in call_page.text
    page = client.get(call.url + "draw/")
    assert page.status_code == 200
    assert f'lang="{language}"' in page.text
    assert f'href="{call.url}draw.json"' in page.text
    # A translation publishes the original's draw: one seed per call.
    assert client.get(call.url + "draw.json").json() == allocation.record_of(call)
    assert Draw.objects.count() == 1
