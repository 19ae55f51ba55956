"""Co-author rights: who may open a module's editor in the Wagtail admin."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import Page
from wagtail.permissions import policy_registry

from modules.models import Coauthor, CourseModulePage, ModuleIndexPage
from tests.modules.conftest import edit_url, form_data_from

pytestmark = pytest.mark.django_db


def opens_editor(client, user, page):
    client.force_login(user)
    response = client.get(edit_url(page))
    client.logout()
    return response.status_code


def test_listed_teachers_open_the_editor_and_others_are_refused(
    client, outdoor_play, teachers, editor, superuser
):
    assert opens_editor(client, teachers["oslo"], outdoor_play) == 200
    assert opens_editor(client, teachers["leuven"], outdoor_play) == 200
    assert opens_editor(client, superuser, outdoor_play) == 200
    # A teacher of another module, and an editor of the site, may not.
    assert opens_editor(client, teachers["kolkata"], outdoor_play) in (302, 403)
    assert opens_editor(client, teachers["oslo2"], outdoor_play) in (302, 403)
    assert opens_editor(client, editor, outdoor_play) in (302, 403)


def test_refused_teacher_cannot_save_either(client, outdoor_play, teachers):
    client.force_login(teachers["oslo"])
    data = form_data_from(client.get(edit_url(outdoor_play)))
    data["title"] = ["Taken over"]
    client.force_login(teachers["kolkata"])
    response = client.post(edit_url(outdoor_play), data)
    assert response.status_code in (302, 403)
    outdoor_play.refresh_from_db()
    assert outdoor_play.title == "Outdoor play across cultures"
    assert outdoor_play.latest_revision.as_object().title == "Outdoor play across cultures"


def test_every_teacher_may_create_modules_under_the_index(client, module_index, teachers, editor):
    url = f"/admin/pages/add/modules/coursemodulepage/{module_index.pk}/"
    client.force_login(teachers["kolkata"])
    assert client.get(url).status_code == 200
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)


def test_rights_follow_the_list_when_teachers_are_added_and_removed(
    client, outdoor_play, teachers, superuser, partners
):
    kolkata = teachers["kolkata"]
    assert opens_editor(client, kolkata, outdoor_play) in (302, 403)

    # A co-author adds NCI as a partner and its teacher in a draft: they can help at once.
    client.force_login(teachers["oslo"])
    data = form_data_from(client.get(edit_url(outdoor_play)))
    data["partners"] = [*data["partners"], str(partners["kolkata"].pk)]
    n = int(data["teachers-TOTAL_FORMS"][0])
    data.update(
        {
            "teachers-TOTAL_FORMS": [str(n + 1)],
            f"teachers-{n}-user": [str(kolkata.pk)],
            f"teachers-{n}-institution": [str(partners["kolkata"].pk)],
            f"teachers-{n}-is_lead": ["on"],
            f"teachers-{n}-id": [""],
            f"teachers-{n}-ORDER": [str(n + 1)],
        }
    )
    response = client.post(edit_url(outdoor_play), data)
    assert response.status_code == 302, response.context["form"].errors
    assert opens_editor(client, kolkata, outdoor_play) == 200

    # Removing Leuven's teacher in a draft does not lock them out before it is published...
    client.force_login(teachers["oslo"])
    data = form_data_from(client.get(edit_url(outdoor_play)))
    leuven_form = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-user") and value == [str(teachers["leuven"].pk)]
    )
    data[f"teachers-{leuven_form}-DELETE"] = ["on"]
    data["partners"] = [p for p in data["partners"] if p != str(partners["leuven"].pk)]
    response = client.post(edit_url(outdoor_play), data)
    assert response.status_code == 302, response.context["form"].errors
    assert opens_editor(client, teachers["leuven"], outdoor_play) == 200

    # ...but once that version is published, they no longer have access.
    outdoor_play.refresh_from_db()
    outdoor_play.latest_revision.publish(skip_permission_checks=True)
    assert opens_editor(client, teachers["leuven"], outdoor_play) in (302, 403)
    assert opens_editor(client, kolkata, outdoor_play) == 200
    assert opens_editor(client, teachers["oslo"], outdoor_play) == 200


def test_a_creator_who_is_removed_loses_the_owner_right(client, outdoor_play, teachers):
    # teacher.oslo created the module (owner); Wagtail would let an owner edit through
    # "add" alone, so ownership passes to a listed teacher when the creator leaves.
    assert outdoor_play.owner == teachers["oslo"]
    page = outdoor_play.get_latest_revision_as_object()
    page.teachers = [t for t in page.teachers.all() if t.user_id != teachers["oslo"].pk]
    page.save_revision().publish(skip_permission_checks=True)
    outdoor_play.refresh_from_db()
    assert outdoor_play.owner == teachers["leuven"]
    assert opens_editor(client, teachers["oslo"], outdoor_play) in (302, 403)


def test_translations_are_editable_by_the_same_coauthors(
    client, outdoor_play, teachers, home_pages
):
    index = ModuleIndexPage.objects.get()
    index.copy_for_translation(home_pages["nb"].locale).save_revision().publish()
    translation = outdoor_play.copy_for_translation(home_pages["nb"].locale)
    assert opens_editor(client, teachers["leuven"], translation) == 200
    assert opens_editor(client, teachers["kolkata"], translation) in (302, 403)


def test_coauthors_are_the_listed_people_without_a_group_per_module(outdoor_play, teachers):
    rows = Coauthor.objects.filter(module=outdoor_play)
    assert {row.user for row in rows} == {teachers["oslo"], teachers["leuven"]}
    assert not Group.objects.filter(name__startswith="Co-authors").exists()
    assert [g.name for g in teachers["oslo"].groups.all()] == ["Teachers"]
    CourseModulePage.objects.get(pk=outdoor_play.pk).delete()
    assert not Coauthor.objects.exists()


def test_is_teacher_is_answered_for_the_original_in_one_query(
    outdoor_play, teachers, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert outdoor_play.is_teacher(teachers["leuven"])
    with django_assert_num_queries(1):
        assert not outdoor_play.is_teacher(teachers["kolkata"])

    with django_assert_num_queries(0):
        assert not outdoor_play.is_teacher(AnonymousUser())


def test_coauthors_translate_their_module_with_simple_translation(
    client, outdoor_play, teachers, home_pages
):
    nb = home_pages["nb"].locale
    ModuleIndexPage.objects.get().copy_for_translation(nb).save_revision().publish()
    url = f"/admin/translation/submit/page/{outdoor_play.pk}/"
    client.force_login(teachers["kolkata"])
    assert client.get(url).status_code in (302, 403)
    client.force_login(teachers["leuven"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [nb.pk]})
    assert response.status_code == 302
    translation = CourseModulePage.objects.get(
        translation_key=outdoor_play.translation_key, locale=nb
    )
    # The new translation opens in the editor for every co-author, and for no one else.
    assert opens_editor(client, teachers["oslo"], translation) == 200
    assert opens_editor(client, teachers["kolkata"], translation) in (302, 403)


def test_wagtail_finds_the_coauthors_among_those_who_may_edit(outdoor_play, teachers, superuser):
    policy = policy_registry.get_by_type(Page)
    users = set(policy.users_with_permission_for_instance("change", outdoor_play))
    assert {teachers["oslo"], teachers["leuven"], superuser} <= users
    assert teachers["kolkata"] not in users
    assert policy.user_has_permission_for_instance(teachers["leuven"], "change", outdoor_play)
    assert not policy.user_has_permission_for_instance(teachers["kolkata"], "change", outdoor_play)
