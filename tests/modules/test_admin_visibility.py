"""Unpublished modules are listed in the admin only to those who may edit them."""

import pytest

pytestmark = pytest.mark.django_db

SECRET = "Secret draft module"


@pytest.fixture
def modules(outdoor_play, make_module, partners, teachers):
    """Outdoor play (OsloMet and UCLL) and two modules of another team, one not published."""
    other_team = {
        "partner_list": [partners["kolkata"], partners["bergen"]],
        "teacher_list": [(teachers["kolkata"], True), (teachers["outsider"], True)],
    }
    return {
        "ours": outdoor_play,
        "draft": make_module(title=SECRET, slug="secret", publish=False, **other_team),
        "published": make_module(
            title="Published module elsewhere", slug="elsewhere", **other_team
        ),
    }


def listings(index):
    """The admin views that list pages: explorer, its menu, search, and the page choosers."""
    return [
        f"/admin/pages/{index.pk}/",
        f"/admin/pages/{index.pk}/?q=module",
        "/admin/pages/search/?q=module",
        f"/admin/api/main/pages/?child_of={index.pk}&for_explorer=1",
        f"/admin/choose-page/{index.pk}/",
        "/admin/choose-page/search/?q=module",
    ]


def seen(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("who", ["oslo", "leuven", "editor"])
def test_others_do_not_see_an_unpublished_module_or_its_title(
    client, modules, module_index, teachers, editor, who
):
    user = editor if who == "editor" else teachers[who]
    for url in listings(module_index):
        text = seen(client, user, url)
        assert SECRET not in text, url
        assert f"/admin/pages/{modules['draft'].pk}/" not in text, url
    # Published modules are listed as before.
    assert "Published module elsewhere" in seen(client, user, f"/admin/pages/{module_index.pk}/")
    assert "Published module elsewhere" in seen(client, user, "/admin/choose-page/search/?q=module")


def test_its_coauthors_and_superusers_see_it(client, modules, module_index, teachers, superuser):
    for user in (teachers["kolkata"], teachers["outsider"], superuser):
        for url in listings(module_index):
            assert SECRET in seen(client, user, url), (user, url)


def test_a_coauthor_sees_their_own_unpublished_module(client, make_module, partners, teachers):
    mine = make_module(
        title="Our first draft",
        slug="first-draft",
        publish=False,
        partner_list=[partners["oslo"], partners["leuven"]],
        teacher_list=[(teachers["oslo"], True), (teachers["leuven"], True)],
    )
    text = seen(client, teachers["leuven"], f"/admin/pages/{mine.get_parent().pk}/")
    assert "Our first draft" in text
    assert "Our first draft" not in seen(
        client, teachers["kolkata"], f"/admin/pages/{mine.get_parent().pk}/"
    )


def test_a_published_module_is_listed_under_its_published_title(
    client, modules, module_index, teachers
):
    # The other team renames its published module in a draft.
    page = modules["published"].get_latest_revision_as_object()
    page.title = "Renamed in a draft module"
    page.save_revision(user=teachers["kolkata"])
    for url in listings(module_index):
        text = seen(client, teachers["oslo"], url)
        assert "Renamed in a draft" not in text, url
    assert "Published module elsewhere" in seen(
        client, teachers["oslo"], f"/admin/pages/{module_index.pk}/"
    )
    # Its co-authors work on the draft and see its title there.
    editor_page = seen(client, teachers["kolkata"], f"/admin/pages/{modules['published'].pk}/edit/")
    assert "Renamed in a draft module" in editor_page
