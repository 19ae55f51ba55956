"""Generated input for the frame parser and the JSON API: always an answer, never a crash.

Every frame gets a frame back (an error, an ack, a history …) and the socket stays open;
every request gets JSON with one of the protocol's statuses, never a 500.
"""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import Socket, logged_in, session_cookie

# Text with everything JSON can carry: lone surrogates, NUL, controls, direction marks.
any_text = st.text(st.characters(exclude_categories=()), max_size=60)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(any_text, children, max_size=3)
    ),
    max_leaves=12,
)
frame_types = st.sampled_from(
    ["message.send", "sync", "message.edit", "message.hide", "message.unhide", "read", "typing"]
)
frames = st.fixed_dictionaries(
    {"type": frame_types | any_text | json_values},
    optional={
        "client_id": st.uuids().map(str) | any_text | json_values,
        "body": any_text | json_values,
        "topic": any_text | json_values,
        "id": st.integers(-5, 10**12) | json_values,
        "after": st.integers(-5, 10**12) | json_values,
        "after_seq": st.integers(-5, 10**12) | json_values,
        "up_to": st.integers(-5, 10**12) | json_values,
    },
)
nested = st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth)
texts = frames.map(json.dumps) | any_text.filter(bool) | nested

# A socket is told its unread notifications on connect; the others answer frames.
REPLIES = {
    "error",
    "ack",
    "history",
    "head",
    "typing",
    "message",
    "message.hidden",
    "presence",
    "notifications",
}
fuzz = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db(transaction=True)
@fuzz
@given(text=texts)
def test_any_frame_gets_an_answer_and_the_socket_stays(world, text):
    cookie = async_to_sync(database_sync_to_async(session_cookie))(world["teacher"])

    async def exchange():
        socket = Socket(world.plaza.pk, cookie)
        try:
            await socket.open()
            await socket.send_text(text)
            # One more frame after it proves the socket still reads and answers.
            await socket.send({"type": "sync", "after_seq": 10**15})
            seen = []
            while True:
                frame = await socket.frame(timeout=5)
                assert frame["type"] in REPLIES, frame
                seen.append(frame)
                if frame["type"] == "history" and frame.get("head") is not None:
                    if frame.get("changes") == []:
                        return seen
        finally:
            await socket.close()

    async_to_sync(exchange)()


@pytest.mark.django_db
@fuzz
@given(body=frames.map(lambda frame: {k: v for k, v in frame.items() if k != "type"}))
def test_any_json_body_gets_a_json_answer(world, body):
    client = logged_in(world["a_oslo"])
    response = client.post(
        f"/api/spaces/{world.plaza.pk}/messages/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code in {200, 201, 400, 403, 404, 413, 429}, response.content[:200]
    assert response["Content-Type"] == "application/json"
    assert "error" in response.json() or response.json()["id"]


@pytest.mark.django_db
@fuzz
@given(
    query=st.dictionaries(
        st.sampled_from(["after", "before", "limit", "after_seq", "topic"]),
        st.text(max_size=30),  # a query string carries no lone surrogates
        max_size=3,
    )
)
def test_any_query_gets_a_json_answer(world, query):
    client = logged_in(world["a_oslo"])
    response = client.get(f"/api/spaces/{world.plaza.pk}/messages/", query)
    assert response.status_code in {200, 400}, response.content[:200]
    assert response["Content-Type"] == "application/json"
