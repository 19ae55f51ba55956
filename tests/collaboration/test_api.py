"""The JSON API: /api/me/spaces/ and /api/spaces/<id>/messages/ (docs/protocol.md)."""

import uuid

import pytest
from django.test import Client, override_settings

from collaboration.models import Message
from collaboration.services import hide_message, post_message

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def url(space):
    return f"/api/spaces/{space.pk}/messages/"


def post(client, space, **data):
    data.setdefault("client_id", str(uuid.uuid4()))
    return client.post(url(space), data, content_type="application/json")


def fill(world, space, count, author="b_leuven"):
    return [
        post_message(
            user=world[author], space=space, body=f"m{n}", client_id=uuid.uuid4()
        ).message.pk
        for n in range(count)
    ]


def test_my_spaces_lists_what_i_may_read_with_unread_counts(world):
    fill(world, world.plaza, 2)
    fill(world, world.group_a, 1, author="a_leuven")
    fill(world, world.group_a, 1, author="a_oslo")  # one's own messages are never unread
    spaces = logged_in(world["a_oslo"]).get("/api/me/spaces/").json()
    by_kind = {space["kind"]: space for space in spaces}
    assert set(by_kind) == {"plaza", "group"}
    assert by_kind["group"]["id"] == world.group_a.pk
    assert by_kind["group"]["name"] == "Group A"
    assert by_kind["plaza"]["name"] == "Plaza"
    assert by_kind["plaza"]["unread"] == 2 and by_kind["group"]["unread"] == 1
    assert by_kind["plaza"]["module"] == {
        "id": world.module.pk,
        "title": "Outdoor play",
        "url": world.module.url,
    }

    teacher_kinds = sorted(
        space["kind"] for space in logged_in(world["teacher"]).get("/api/me/spaces/").json()
    )
    assert teacher_kinds == ["group", "group", "plaza", "teachers"]
    for nobody in ["outsider", "kolkata", "coordinator", "editor"]:
        assert logged_in(world[nobody]).get("/api/me/spaces/").json() == []
    elsewhere = logged_in(world["other_teacher"]).get("/api/me/spaces/").json()
    assert {space["module"]["id"] for space in elsewhere} == {world.other_module.pk}


def test_my_spaces_counts_queries_not_per_space(world, django_assert_max_num_queries):
    client = logged_in(world["teacher"])
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/me/spaces/").json()) == 4


def test_anonymous_gets_401_json_not_a_redirect(world):
    for path in ["/api/me/spaces/", url(world.plaza)]:
        response = Client().get(path)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthenticated"


def test_pages_of_messages(world):
    ids = fill(world, world.plaza, 7)
    client = logged_in(world["a_oslo"])
    latest = client.get(url(world.plaza), {"limit": 3}).json()
    assert [m["id"] for m in latest["messages"]] == ids[-3:]
    assert latest["has_more"] is True
    older = client.get(url(world.plaza), {"limit": 3, "before": ids[-3]}).json()
    assert [m["id"] for m in older["messages"]] == ids[1:4]
    assert older["has_more"] is True
    oldest = client.get(url(world.plaza), {"limit": 3, "before": ids[1]}).json()
    assert ([m["id"] for m in oldest["messages"]], oldest["has_more"]) == ([ids[0]], False)
    newer = client.get(url(world.plaza), {"after": ids[2], "limit": 2}).json()
    assert ([m["id"] for m in newer["messages"]], newer["has_more"]) == (ids[3:5], True)
    rest = client.get(url(world.plaza), {"after": ids[4]}).json()
    assert ([m["id"] for m in rest["messages"]], rest["has_more"]) == (ids[5:], False)


@pytest.mark.parametrize(
    "query", [{"limit": 0}, {"limit": 101}, {"limit": "ten"}, {"after": "x"}, {"before": -3}]
)
def test_bad_query_is_400(world, query):
    response = logged_in(world["a_oslo"]).get(url(world.plaza), query)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_post_creates_then_repeats(world):
    client = logged_in(world["a_oslo"])
    client_id = str(uuid.uuid4())
    created = post(client, world.plaza, client_id=client_id, body="Hello **all**", topic="intro")
    assert created.status_code == 201
    message = created.json()
    assert message["body_html"] == "<p>Hello <strong>all</strong></p>"
    assert (message["topic"], message["client_id"]) == ("intro", client_id)
    repeated = post(client, world.plaza, client_id=client_id, body="Hello **all**")
    assert repeated.status_code == 200
    assert repeated.json() == message
    assert Message.objects.count() == 1


def test_post_repeating_a_message_hidden_since_does_not_show_it(world):
    client = logged_in(world["a_oslo"])
    client_id = str(uuid.uuid4())
    message = post(client, world.plaza, client_id=client_id, body="regrettable").json()
    hide_message(user=world["teacher"], space=world.plaza, message_id=message["id"])
    repeated = post(client, world.plaza, client_id=client_id, body="regrettable")
    assert repeated.status_code == 200
    assert repeated.json() == {
        "id": message["id"],
        "client_id": client_id,
        "space": world.plaza.pk,
        "seq": Message.objects.get(pk=message["id"]).seq,
        "hidden": True,
    }
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"body": "x" * 10_001}, 413, "too_long"),
        ({"body": ""}, 400, "invalid"),
        ({"body": "x", "client_id": "nope"}, 400, "invalid"),
        ({"body": "x", "topic": "t" * 81}, 400, "invalid"),
        ({"body": ["x"]}, 400, "invalid"),
    ],
)
def test_post_refusals_store_nothing(world, payload, status, code):
    response = post(logged_in(world["a_oslo"]), world.plaza, **payload)
    assert response.status_code == status
    assert response.json()["error"] == code and response.json()["detail"]
    assert not Message.objects.exists()


@pytest.mark.parametrize("raw", ["not json", "[1]", '{"body": "no client id"}'])
def test_post_bad_json_is_400(world, raw):
    response = logged_in(world["a_oslo"]).post(
        url(world.plaza), raw, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid"


def test_unknown_space_is_404(world):
    response = logged_in(world["a_oslo"]).get("/api/spaces/424242/messages/")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_wrong_method_is_405_json(world):
    response = logged_in(world["a_oslo"]).delete(url(world.plaza))
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"


def test_post_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["a_oslo"])
    refused = post(client, world.plaza, body="no token")
    assert refused.status_code == 403
    assert refused.json()["error"] == "forbidden"
    assert not Message.objects.exists()
    client.get(f"/en/spaces/{world.plaza.pk}/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        url(world.plaza),
        {"client_id": str(uuid.uuid4()), "body": "with token"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 201


@override_settings(COIL_MESSAGE_RATE="2/10s")
def test_rate_limit_is_429_with_retry_after(world):
    client = logged_in(world["a_oslo"])
    assert post(client, world.plaza, body="one").status_code == 201
    assert post(client, world.plaza, body="two").status_code == 201
    refused = post(client, world.plaza, body="three")
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 10 == 10
    assert refused.json()["retry_after"] == int(refused["Retry-After"])
    assert Message.objects.count() == 2
