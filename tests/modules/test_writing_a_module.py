"""Starting a module from the index, the teachers' institutions, choosing partners, names."""

import pytest

from modules.models import CourseModulePage
from tests.modules.conftest import make_teacher
from tests.modules.test_validation import add_url, errors_of, module_data

pytestmark = pytest.mark.django_db


def test_the_new_module_button_is_for_teachers_and_opens_the_add_form(
    client, module_index, teachers, partners
):
    assert "New module" not in client.get(module_index.url).content.decode()
    student = make_teacher("student.oslo", partners["oslo"])
    student.groups.clear()
    client.force_login(student)
    assert "New module" not in client.get(module_index.url).content.decode()

    client.force_login(teachers["oslo"])
    html = client.get(module_index.url).content.decode()
    assert "New module" in html
    assert f'href="{add_url(module_index)}"' in html
    form = client.get(add_url(module_index))
    assert form.status_code == 200
    assert 'name="teachers-TOTAL_FORMS"' in form.content.decode()


def test_a_teachers_institution_comes_from_their_profile(client, module_index, teachers, partners):
    client.force_login(teachers["oslo"])
    data = module_data(
        client,
        module_index,
        partners=[partners["oslo"], partners["leuven"]],
        teachers=[
            (teachers["oslo"], partners["oslo"], True),
            (teachers["leuven"], partners["leuven"], True),
        ],
    )
    data["teachers-1-institution"] = [""]
    response = client.post(add_url(module_index), data)
    assert response.status_code == 302
    module = CourseModulePage.objects.get(slug="outdoor-play", alias_of__isnull=True)
    listed = {t.user.username: t.institution for t in module.teachers.all()}
    assert listed["teacher.leuven"] == partners["leuven"]


def test_a_teacher_without_an_institution_is_refused_clearly(
    client, module_index, teachers, partners
):
    nobody = make_teacher("teacher.nowhere", None, display_name="Nils Nowhere")
    client.force_login(teachers["oslo"])
    data = module_data(
        client,
        module_index,
        partners=[partners["oslo"], partners["leuven"]],
        teachers=[
            (teachers["oslo"], partners["oslo"], True),
            (teachers["leuven"], partners["leuven"], True),
            (nobody, partners["oslo"], False),
        ],
    )
    data["teachers-2-institution"] = [""]
    messages = errors_of(client.post(add_url(module_index), data))
    assert (
        "Nils Nowhere has no institution in their profile; an administrator must set it "
        "before they can be listed." in messages
    )
    assert not CourseModulePage.objects.filter(slug="outdoor-play").exists()


def test_partners_show_their_country(client, module_index, teachers, partners):
    client.force_login(teachers["oslo"])
    html = client.get(add_url(module_index)).content.decode()
    assert "University of Bergen (Norway)" in html
    assert "UC Leuven-Limburg (Belgium)" in html


def test_the_institution_chooser_shows_and_searches_countries(client, teachers, partners):
    client.force_login(teachers["oslo"])
    url = "/admin/snippets/choose/accounts/institution/"
    listing = client.get(url)
    assert listing.status_code == 200
    found = client.get(f"{url}results/", {"q": "India"}).content.decode()
    assert "Nordic Centre" in found and "India" in found
    assert "University of Bergen" not in found
    assert "Norway" in client.get(f"{url}results/", {"q": "Norway"}).content.decode()


def test_wagtail_names_people_by_their_display_name(client, module_index, teachers, partners):
    client.force_login(teachers["oslo"])
    data = module_data(
        client,
        module_index,
        partners=[partners["oslo"], partners["leuven"]],
        teachers=[
            (teachers["oslo"], partners["oslo"], True),
            (teachers["leuven"], partners["leuven"], True),
        ],
    )
    client.post(add_url(module_index), data)
    module = CourseModulePage.objects.get(slug="outdoor-play", alias_of__isnull=True)
    history = client.get(f"/admin/pages/{module.pk}/history/").content.decode()
    assert "Ingrid Hansen" in history
