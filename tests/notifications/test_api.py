"""GET /api/me/notifications/ and POST /api/me/notifications/read/ (docs/protocol.md)."""

import json

import pytest
from django.test import Client

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db

URL = "/api/me/notifications/"


def post(client, body):
    return client.post(URL + "read/", json.dumps(body), content_type="application/json")


@pytest.fixture
def reader(people, client):
    client.force_login(people["en"])
    return people["en"]


def test_the_shape(reader, people, client, home_pages):
    [older] = notify("module_published", [reader], target=home_pages["en"])
    [newer] = notify(
        "mentioned", [reader], actor=people["actor"], target="/en/spaces/3/", title="P"
    )
    Notification.objects.filter(pk=older.pk).update(read_at=older.created)
    body = client.get(URL).json()
    assert body["unread"] == 1
    assert body["notifications"] == [
        {
            "id": newer.pk,
            "kind": "mentioned",
            "text": "Teacher Tove mentioned you in “P”.",
            "url": "/en/spaces/3/",
            "actor": {"id": people["actor"].pk, "name": "Teacher Tove"},
            "created": newer.created.isoformat(),
            "read": False,
        },
        {
            "id": older.pk,
            "kind": "module_published",
            "text": f"“{home_pages['en'].title}” is published.",
            "url": "/en/",
            "actor": None,
            "created": older.created.isoformat(),
            "read": True,
        },
    ]


def test_only_for_signed_in_people(client, people):
    notify("module_published", [people["en"]], title="x")
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"
    assert post(client, {"all": True}).status_code == 401
    assert Notification.objects.get().read_at is None


def test_marking_read_answers_the_new_count(reader, client):
    first, second, third = (notify("module_published", [reader], title=t)[0] for t in "abc")
    response = post(client, {"ids": [first.pk, second.pk]})
    assert response.status_code == 200 and response.json() == {"unread": 1}
    assert post(client, {"ids": [first.pk]}).json() == {"unread": 1}  # again: no change
    assert post(client, {"all": True}).json() == {"unread": 0}
    assert client.get(URL).json()["unread"] == 0


def test_anothers_ids_change_nothing(reader, people, client):
    [mine] = notify("module_published", [reader], title="mine")
    [theirs] = notify("module_published", [people["nb"]], title="theirs")
    response = post(client, {"ids": [mine.pk, theirs.pk]})
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    assert not Notification.objects.filter(read_at__isnull=False).exists()


@pytest.mark.parametrize(
    "body",
    [[], {}, {"ids": []}, {"ids": ["1"]}, {"ids": [True]}, {"ids": [2**70]}, {"all": "yes"}, "x"],
)
def test_bad_bodies_are_refused(reader, client, body):
    notify("module_published", [reader], title="x")
    response = post(client, body)
    assert response.status_code == 400 and response.json()["error"] == "invalid"
    assert Notification.objects.get().read_at is None


def test_a_body_that_is_not_json_is_refused(reader, client):
    for raw in ("not json", "[" * 100_000):
        response = client.post(URL + "read/", raw, content_type="application/json")
        assert response.status_code == 400 and response.json()["error"] == "invalid"


def test_marking_read_needs_the_csrf_token(people):
    notify("module_published", [people["en"]], title="x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["en"])
    response = post(client, {"all": True})
    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    assert Notification.objects.get().read_at is None


def test_other_methods_are_refused(reader, client):
    assert client.delete(URL).status_code == 405
    assert client.get(URL + "read/").status_code == 405
