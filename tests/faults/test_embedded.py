"""The embedded default under load: one daphne, SQLite, the in-memory channel layer."""

from tests.faults.scenario import (
    acked,
    assert_exactly_once,
    assert_posts_stored,
    clients_of,
    report,
    settle,
    until,
)

WRITERS = [
    "student.oslo1",
    "student.oslo2",
    "student.oslo3",
    "student.leuven1",
    "student.leuven2",
    "student.leuven3",
]
READERS = ["teacher.oslo", "teacher.leuven"]
BURST = 240  # posts acknowledged; a few seconds on a busy machine


async def test_burst_reaches_every_socket_exactly_once(embedded_site):
    """Six people post as fast as their acks come back while two only read."""
    site = embedded_site
    people = [(name, 0) for name in WRITERS + READERS]
    async with clients_of(site, "plaza", people, window=3) as clients:
        writers = clients[: len(WRITERS)]
        for writer in writers:
            writer.start_writing(f"burst from {writer.name}")
        try:
            await until(lambda: acked(writers) >= BURST, 120, f"{BURST} posts acknowledged")
        finally:
            for writer in writers:
                writer.stop_writing()
        state, head = await settle(site, "plaza", clients)
        print(report(clients), f"\nhead {head}, counters {site.counters(site.servers[0])}")

    assert_exactly_once(clients, state)
    assert_posts_stored(clients, state)
    assert sum(len(writer.posted) for writer in writers) >= BURST
