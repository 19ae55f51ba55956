"""A client that was away while messages were edited and hidden catches up when it is back."""

import asyncio

import pytest

from accounts.demo import DEMO_PASSWORD
from tests.faults.client import api, login
from tests.faults.scenario import assert_exactly_once, clients_of, report, settle, until


async def edit(client, message_id, body):
    assert await client.send({"type": "message.edit", "id": message_id, "body": body})
    await until(
        lambda: client.messages.get(message_id, {}).get("body") == body, 30, f"edit of {message_id}"
    )


async def hide(client, message_id):
    assert await client.send({"type": "message.hide", "id": message_id})
    await until(lambda: message_id not in client.messages, 30, f"hide of {message_id}")


async def posted(client, *bodies):
    """Post and wait for the acks; -> the message ids."""
    client_ids = [client.post(body) for body in bodies]
    await until(lambda: all(c in client.acked for c in client_ids), 30, f"acks of {bodies}")
    return [client.acked[c] for c in client_ids]


@pytest.mark.parametrize("site_fixture", ["embedded_site", "scaled_site"])
async def test_client_away_during_edits_and_hides_catches_up(request, site_fixture):
    site = request.getfixturevalue(site_fixture)
    space = site.spaces["Group 1"]
    last = len(site.servers) - 1
    # A second tab of the author, signed in through the form, goes away with the reader.
    tab_session = await asyncio.to_thread(
        login, site.servers[last].url, "student.oslo1", DEMO_PASSWORD
    )
    people = [
        ("student.oslo1", 0),
        ("student.leuven2", last),
        ("teacher.oslo", 0),
        ("student.oslo3", last),
        ("student.oslo1", last, tab_session),
    ]
    async with clients_of(site, "Group 1", people) as clients:
        author, other, teacher, away_reader, away_tab = clients
        a1, a2 = await posted(author, "a1", "a2")
        (b1,) = await posted(other, "b1")
        await until(
            lambda: all({a1, a2, b1} <= set(c.messages) for c in clients), 30, "all seen a1..b1"
        )

        await away_reader.go_offline()
        await away_tab.go_offline()
        written_away = away_tab.post("written while away")
        # Two posts whose frames reached the server but whose acks were lost: stored through
        # the API under the same client ids, then changed while the tab was away.
        lost_hidden, lost_edited = away_tab.post("lost ack, hidden"), away_tab.post("lost ack")
        for client_id, body in [(lost_hidden, "lost ack, hidden"), (lost_edited, "lost ack")]:
            status, _ = await asyncio.to_thread(
                api,
                site.servers[0].url,
                f"/api/spaces/{space}/messages/",
                site.sessions["student.oslo1"],
                "POST",
                {"client_id": client_id, "body": body},
            )
            assert status == 201
        await until(
            lambda: (
                {lost_hidden, lost_edited} <= {m["client_id"] for m in author.messages.values()}
            ),
            30,
            "the author's first tab has the posts of the other",
        )
        ids = {m["client_id"]: m["id"] for m in author.messages.values()}

        await edit(author, a1, "a1 edited")
        await edit(author, a1, "a1 edited again")
        await edit(author, a2, "a2 edited")
        await hide(teacher, a2)
        await hide(teacher, b1)
        b2, b3 = await posted(other, "b2 posted while away", "b3 posted and hidden while away")
        await hide(teacher, b3)
        (a3,) = await posted(author, "a3")
        await edit(author, a3, "a3 edited")
        await edit(author, ids[lost_edited], "lost ack, edited")
        await hide(teacher, ids[lost_hidden])

        away_reader.go_online()
        away_tab.go_online()
        state, head = await settle(site, "Group 1", clients)
        print(report(clients), f"\nhead {head}")

    assert_exactly_once(clients, state)
    for client in (away_reader, away_tab):
        assert client.connects == 2
        assert {a2, b1, b3, ids[lost_hidden]}.isdisjoint(client.messages)
        assert b3 not in client.added  # posted and hidden while away: never shown
        assert client.messages[a1]["body"] == "a1 edited again"
        assert client.messages[a3]["body"] == "a3 edited"
        assert client.messages[ids[lost_edited]]["body"] == "lost ack, edited"
        assert client.messages[b2]["body"] == "b2 posted while away"
    assert [m["body"] for m in state.values() if m["client_id"] == written_away] == [
        "written while away"
    ]
    assert away_tab.acked[lost_hidden] == ids[lost_hidden]
    assert away_tab.acked[lost_edited] == ids[lost_edited]
