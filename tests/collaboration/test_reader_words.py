"""No word of one language is stored for the default topic or a formed group: each reader
sees "General" and "Group 1" in their own language, and names a teacher typed as typed."""

import importlib
import uuid

import bs4
import pytest
from django.apps import apps
from django.utils import translation

from collaboration import membership, services
from collaboration.models import DEFAULT_TOPIC, Message, StudentGroup
from collaboration.protocol import client_protocol
from modules.forms import ModuleFilterForm
from modules.models import WorkingLanguage

from .conftest import logged_in

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "collaboration.migrations.0006_store_default_topic_and_group_numbers"
)


def in_language(user, language):
    user.language = language
    user.save()
    return logged_in(user)


def post(world, topic=None, author="a_oslo", space="plaza"):
    return services.post_message(
        user=world[author],
        space=getattr(world, space),
        body="Hello",
        client_id=uuid.uuid4(),
        topic=topic,
    ).message


def soup(response):
    assert response.status_code == 200
    return bs4.BeautifulSoup(response.content, "html.parser")


# The default topic --------------------------------------------------------------------------


def test_a_message_without_a_topic_stores_no_word(world):
    assert post(world).topic == DEFAULT_TOPIC == ""
    # "general", the word older clients send, and the label in any case land there too.
    for typed in ["general", "General", "  GENERAL "]:
        assert post(world, typed).topic == ""
    assert post(world, "generalities").topic == "generalities"


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_the_labels_of_every_language_mean_the_default_topic(world, language):
    with translation.override(language):
        label = translation.gettext("General")
    assert post(world, label).topic == ""
    assert label.casefold() in client_protocol()["default_topic_names"]


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_the_topic_filter_shows_the_default_topic_in_the_readers_language(world, language):
    post(world)
    post(world, "week 1")
    page = soup(in_language(world["a_oslo"], language).get(f"/{language}/spaces/{world.plaza.pk}/"))
    links = {a["href"]: a.get_text() for a in page.select("nav.topic-filter a")}
    with translation.override(language):
        general = translation.gettext("General")
    assert links["?topic="] == general
    assert links["?topic=week%201"] == "week 1"
    assert "general" not in links.values()
    # The message of the default topic carries no topic word at all.
    default = page.select_one('article.message[data-topic=""]')
    assert default is not None and default.select_one(".message-topic") is None


@pytest.mark.parametrize(("language", "general"), [("nb", "Generelt"), ("sv", "Allmänt")])
def test_nb_and_sv_pages_name_the_default_topic(world, language, general):
    """Passes once the catalogues translate "General"."""
    post(world)
    post(world, "week 1")
    page = soup(in_language(world["a_oslo"], language).get(f"/{language}/spaces/{world.plaza.pk}/"))
    assert page.select_one('nav.topic-filter a[href="?topic="]').get_text() == general


def test_an_empty_topic_filters_the_default_topic_and_none_shows_all(world):
    first = post(world)
    second = post(world, "week 1")
    client = logged_in(world["a_oslo"])
    url = f"/en/spaces/{world.plaza.pk}/"

    def shown(query):
        page = soup(client.get(url, query))
        return [int(a["data-id"]) for a in page.select("article.message")]

    assert shown({}) == [first.pk, second.pk]
    assert shown({"topic": ""}) == [first.pk]
    assert shown({"topic": "general"}) == [first.pk]
    assert shown({"topic": "week 1"}) == [second.pk]
    page = soup(client.get(url, {"topic": ""}))
    assert page.select_one("#discussion")["data-topic"] == ""
    assert "data-topic" not in soup(client.get(url)).select_one("#discussion").attrs

    api = f"/api/spaces/{world.plaza.pk}/messages/"
    assert [m["topic"] for m in client.get(api).json()["messages"]] == ["", "week 1"]
    assert [m["id"] for m in client.get(api, {"topic": ""}).json()["messages"]] == [first.pk]
    assert [m["id"] for m in client.get(api, {"topic": "general"}).json()["messages"]] == [first.pk]


# Group names --------------------------------------------------------------------------------


def test_formed_groups_are_numbered_and_named_in_the_readers_language(world):
    StudentGroup.objects.filter(module=world.module).delete()
    membership.regroup(world.module, 2, by=world["teacher"])
    groups = list(StudentGroup.objects.filter(module=world.module).order_by("number"))
    assert [(group.number, group.name) for group in groups] == [(1, ""), (2, ""), (3, "")]
    group = world["a_oslo"].group_memberships.get().group
    for language, word in [("en", "Group"), ("nb", "Gruppe"), ("sv", "Grupp")]:
        client = in_language(world["a_oslo"], language)
        page = soup(client.get(f"/{language}/groups/{group.pk}/"))
        assert page.select_one("h1").get_text(strip=True) == f"{word} {group.number}"
        spaces = {space["kind"]: space["name"] for space in client.get("/api/me/spaces/").json()}
        assert spaces["group"] == f"{word} {group.number}"
        space = soup(client.get(f"/{language}/spaces/{group.space.pk}/"))
        assert space.select_one("h1").get_text(strip=True) == f"{word} {group.number}"
        # The notice of the placing says the group in the reader's language when read.
        notices = client.get("/api/me/notifications/").json()
        texts = [notice["text"] for notice in notices["notifications"]]
        assert any(f"{word} {group.number}" in text for text in texts), texts


def test_a_group_name_a_teacher_typed_stays_as_typed(world):
    named = membership.add_group(world.module, "Los Exploradores")
    numbered = membership.add_group(world.module)
    # The fourth group, after Group A, Group B and Los Exploradores.
    assert (numbered.name, numbered.number) == ("", 4)
    client = in_language(world["teacher"], "nb")
    page = soup(client.get(f"/nb/modules/{world.module.pk}/groups/"))
    headings = [h.get_text(strip=True) for h in page.select("h2[id^=group-]")]
    assert "Los Exploradores" in headings and "Group A" in headings
    assert "Gruppe 4" in headings
    assert str(named) == "Los Exploradores"


# The data migration -------------------------------------------------------------------------


def test_the_migration_numbers_formed_groups_and_empties_the_general_topic(world):
    module = world.module
    formed = {
        "Group 1": StudentGroup.objects.create(module=module, name="Group 1"),
        "Gruppe 2": StudentGroup.objects.create(module=module, name="Gruppe 2"),
        "Grupp 3": StudentGroup.objects.create(module=module, name="Grupp 3"),
        # A second "1" of the same module keeps its name: numbers are unique per module.
        "Gruppe 1": StudentGroup.objects.create(module=module, name="Gruppe 1"),
        "Group 12b": StudentGroup.objects.create(module=module, name="Group 12b"),
    }
    other = StudentGroup.objects.create(module=world.other_module, name="Gruppe 1")
    message = post(world, "week 1")
    Message.objects.filter(pk=message.pk).update(topic="general")
    kept = post(world, "General talk")

    migration.store_keys(apps, None)

    for group in [*formed.values(), other]:
        group.refresh_from_db()
    assert [(g.number, g.name) for g in formed.values()] == [
        (1, ""),
        (2, ""),
        (3, ""),
        (None, "Gruppe 1"),
        (None, "Group 12b"),
    ]
    assert (other.number, other.name) == (1, "")
    assert formed["Group 1"].space.name == ""
    # Teacher-typed names stay.
    assert StudentGroup.objects.get(pk=world.group_a.group_id).name == "Group A"
    assert Message.objects.get(pk=message.pk).topic == ""
    assert Message.objects.get(pk=kept.pk).topic == "General talk"
    with translation.override("nb"):
        assert str(formed["Gruppe 2"].label) == "Gruppe 2"

    migration.store_words(apps, None)
    formed["Group 1"].refresh_from_db()
    assert (formed["Group 1"].name, Message.objects.get(pk=message.pk).topic) == (
        "Group 1",
        "general",
    )


# Names of languages in filters --------------------------------------------------------------


def test_the_module_filter_names_working_languages_in_the_readers_language():
    languages = WorkingLanguage.objects.filter(code__in=["nl", "nb"])
    with translation.override("nb"):
        choices = dict(ModuleFilterForm(languages=languages).fields["language"].choices)
    assert (choices["nl"].casefold(), choices["nb"].casefold()) == ("nederlandsk", "norsk bokmål")
    with translation.override("en"):
        choices = dict(ModuleFilterForm(languages=languages).fields["language"].choices)
    assert (choices["nl"], choices["nb"]) == ("Dutch", "Norwegian Bokmål")
