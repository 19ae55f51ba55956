"""Joining from the module page, and removal: confirmed first, then kept until re-admission."""

import pytest
from django.test import Client

from collaboration.models import Enrolment, GroupMembership, Removal
from notifications.models import Notification

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def join_url(world):
    return f"/en/modules/join/{world.module.invitation_code}/"


def remove_url(world, student):
    return f"/en/modules/{world.module.pk}/enrolment/{world[student].pk}/remove/"


def test_anonymous_visitor_is_told_how_to_join(world):
    response = Client().get(world.module.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sign in with your school account, or use the invitation link from your teacher." in html
    assert f'href="/en/accounts/login/?next={world.module.url}"' in html
    assert world.module.invitation_code not in html


def test_student_of_another_institution_sees_why_they_cannot_join(world):
    html = logged_in(world["kolkata"]).get(world.module.url).content.decode()
    assert "This module is run by OsloMet, UCLL; students of other institutions cannot join" in html
    assert 'name="code"' not in html
    # A student of a partner gets the form instead.
    assert 'name="code"' in logged_in(world["outsider"]).get(world.module.url).content.decode()


def test_removal_asks_for_confirmation_first(world):
    teacher = logged_in(world["teacher"])
    listing = teacher.get(f"/en/modules/{world.module.pk}/enrolment/").content.decode()
    assert f'href="{remove_url(world, "a_oslo")}"' in listing

    confirm = teacher.get(remove_url(world, "a_oslo"))
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Remove Student A Oslo from the module?" in html
    assert 'name="csrfmiddlewaretoken"' in html and 'method="post"' in html
    assert Enrolment.objects.filter(module=world.module, student=world["a_oslo"]).exists()

    response = teacher.post(remove_url(world, "a_oslo"))
    assert response.status_code == 302
    assert not Enrolment.objects.filter(module=world.module, student=world["a_oslo"]).exists()
    assert not GroupMembership.objects.filter(student=world["a_oslo"]).exists()
    assert Notification.objects.filter(recipient=world["a_oslo"], kind="removed_from_module")
    assert teacher.get(remove_url(world, "a_oslo")).status_code == 404  # not enrolled now


def test_removal_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["teacher"])
    assert client.post(remove_url(world, "a_oslo")).status_code == 403
    assert Enrolment.objects.filter(module=world.module, student=world["a_oslo"]).exists()


def test_the_enrolment_page_itself_removes_nobody(world):
    teacher = logged_in(world["teacher"])
    url = f"/en/modules/{world.module.pk}/enrolment/"
    assert teacher.post(url, {"student": world["a_oslo"].pk}).status_code == 405
    assert Enrolment.objects.filter(module=world.module, student=world["a_oslo"]).exists()


def test_a_removed_student_rejoins_only_after_readmission(world):
    logged_in(world["teacher"]).post(remove_url(world, "a_oslo"))
    student = logged_in(world["a_oslo"])

    page = student.get(join_url(world))
    assert page.status_code == 403
    assert "Your teachers removed you from this module" in page.content.decode()
    student.post(join_url(world))
    student.post("/en/modules/join/", {"code": world.module.invitation_code})
    assert not Enrolment.objects.filter(module=world.module, student=world["a_oslo"]).exists()
    assert "Your teachers removed you" in student.get(world.module.url).content.decode()

    teacher = logged_in(world["teacher2"])  # any teacher of the module re-admits
    listing = teacher.get(f"/en/modules/{world.module.pk}/enrolment/").content.decode()
    assert "Removed students" in listing and "Student A Oslo" in listing
    assert "by Teacher Oslo" in listing  # who removed them, by name
    readmit = f"/en/modules/{world.module.pk}/enrolment/readmit/"
    assert teacher.get(readmit).status_code == 405
    assert teacher.post(readmit, {"student": world["a_oslo"].pk}).status_code == 302
    assert not Removal.objects.filter(module=world.module, student=world["a_oslo"]).exists()

    response = student.post(join_url(world))
    assert response.status_code == 302
    assert Enrolment.objects.filter(module=world.module, student=world["a_oslo"]).exists()


@pytest.mark.parametrize("person", ["a_leuven", "other_teacher", "coordinator"])
def test_only_the_modules_teachers_readmit(world, person):
    logged_in(world["teacher"]).post(remove_url(world, "a_oslo"))
    readmit = f"/en/modules/{world.module.pk}/enrolment/readmit/"
    response = logged_in(world[person]).post(readmit, {"student": world["a_oslo"].pk})
    assert response.status_code == 403
    assert Removal.objects.filter(module=world.module, student=world["a_oslo"]).exists()
