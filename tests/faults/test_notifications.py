"""Faults of the notifications: the live unread count across a Redis restart, and the
daily digest across a task worker killed with SIGKILL.

The count: a person's socket on one worker hears of notices caused on the other, before
Redis goes away, while it is away (once the socket is back) and after it came back empty,
and ends with the count the API gives; the database holds each notice once.

The digest: the schedule's `send_due_digests` and `manage.py db_worker` as the operator
runs them (TASKS_BACKEND=database), a worker restarted after a few of the day's digests,
the next killed with SIGKILL mid-way while the mail server keeps it waiting, then started
again and run twice: one digest e-mail per person for the day, no more, no fewer.
"""

import asyncio
import collections
import contextlib
import datetime
import email
import json
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.e2e.servers import BASE_DIR, _end_with_parent
from tests.faults import harness
from tests.faults.client import api
from tests.faults.scenario import clients_of, report, until

PERSON = "student.oslo1"  # whose count is watched, on the first worker
MENTIONER = "student.leuven1"  # who mentions them, on the second
TEACHER = "teacher.oslo"  # who hides their message, on the second


# The live count across a Redis restart ------------------------------------------------


def notifications_of(site, server, username):
    status, body = api(server.url, "/api/me/notifications/", site.sessions[username])
    assert status == 200, body
    return body


async def unread_of(site, server, username):
    return (await asyncio.to_thread(notifications_of, site, server, username))["unread"]


async def mention(site, server, text):
    """MENTIONER mentions PERSON in the plaza through the API of ``server``."""
    payload = {"client_id": str(uuid.uuid4()), "body": f"@{PERSON} {text}"}
    status, body = await asyncio.to_thread(
        api,
        server.url,
        f"/api/spaces/{site.spaces['plaza']}/messages/",
        site.sessions[MENTIONER],
        "POST",
        payload,
    )
    assert status == 201, body


def hide(site, server, message_id):
    """TEACHER hides a message with the page's form (CSRF token as cookie and field)."""
    token = uuid.uuid4().hex
    request = urllib.request.Request(  # noqa: S310 - http only, the test's own server
        f"{server.url}/en/spaces/{site.spaces['plaza']}/messages/{message_id}/hide/",
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": token, "reason": "off topic"}).encode(),
        headers={"Cookie": f"sessionid={site.sessions[TEACHER]}; csrftoken={token}"},
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as answer:  # the redirect back to the space, not followed
        return answer.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


async def test_the_unread_count_reaches_the_socket_across_a_redis_restart(scaled_site):
    site = scaled_site
    first, second = site.servers
    people = [(PERSON, 0), (MENTIONER, 1), (TEACHER, 1)]
    async with clients_of(site, "plaza", people) as clients:
        person = clients[0]
        before = await asyncio.to_thread(notifications_of, site, first, PERSON)
        known = {notice["id"] for notice in before["notifications"]}
        unread = before["unread"]

        # Caused on the other worker, heard live through Redis.
        await mention(site, second, "before the outage")
        await until(
            lambda: person.unread_notifications == unread + 1, 30, "the mention's count live"
        )
        own = person.post("a message of mine, soon hidden")
        await until(lambda: own in person.acked, 30, "the person's message stored")

        closes = [sum(c.closes.values()) for c in clients]
        await asyncio.to_thread(site.redis.stop)
        await until(
            lambda: all(sum(c.closes.values()) > n for c, n in zip(clients, closes, strict=True)),
            60,
            "every socket closed",
        )
        # A notice while the person's socket is away: stored, its count cannot be pushed.
        assert await asyncio.to_thread(hide, site, second, person.acked[own]) == 302
        await asyncio.to_thread(site.redis.start)  # empty: no groups, no cache
        await until(
            lambda: all(c.connected and c.synced_once for c in clients),
            60,
            "every client reconnected and synced",
        )
        # Back on the socket: the count it shows is the one the API gives, the hide counted.
        await until(
            lambda: person.unread_notifications == unread + 2, 30, "the count after reconnecting"
        )

        await mention(site, second, "after the outage")
        await until(
            lambda: person.unread_notifications == unread + 3,
            30,
            "the next mention's count live after the restart",
        )
        after = await asyncio.to_thread(notifications_of, site, first, PERSON)
        print(report(clients))

    assert all(4503 in c.closes for c in clients), report(clients)
    assert after["unread"] == person.unread_notifications == unread + 3
    new = [notice for notice in after["notifications"] if notice["id"] not in known]
    assert [notice["kind"] for notice in new] == ["mentioned", "message_hidden", "mentioned"]
    assert len({notice["id"] for notice in new}) == 3


# The digest across a killed worker ------------------------------------------------------

# Every demo account waits for a digest; teacher.oslo's notices come from teacher.leuven.
DIGEST_PEOPLE = harness.DEMO_USERS
NOW = datetime.datetime(2026, 2, 3, 7, 30, tzinfo=datetime.UTC)  # the first minute
# Each person's digest hour is their local hour at NOW, in their own zone; two notices each.
SETUP_DIGESTS = """
import datetime, json, zoneinfo
from accounts.models import User
from notifications.kinds import all_kinds
from notifications.models import NotificationSettings
from notifications.services import notify

now = datetime.datetime.fromisoformat({now!r})
people = list(User.objects.filter(username__in={people!r}).order_by("username"))
for person in people:
    hour = now.astimezone(zoneinfo.ZoneInfo(person.timezone)).hour
    NotificationSettings.objects.update_or_create(
        user=person,
        defaults={{
            "digest_hour": hour,
            "deliveries": dict.fromkeys(all_kinds(), "digest"),
        }},
    )
oslo, leuven = (User.objects.get(username=name) for name in ("teacher.oslo", "teacher.leuven"))
for number in (1, 2):
    notify("approval_given", [p for p in people if p != oslo], actor=oslo, title=f"M{{number}}")
    notify("approval_given", [oslo], actor=leuven, title=f"M{{number}}")
print("PEOPLE " + json.dumps({{p.email: p.username for p in people}}))
"""
ENQUEUE = "from notifications.tasks import send_due_digests; send_due_digests.enqueue(now={now!r})"
DIGESTS_SENT = (
    "import json; from notifications.models import Digest; "
    "print('DIGESTS ' + json.dumps([[d.recipient.username, str(d.local_date), "
    "d.sent_at is not None] for d in Digest.objects.select_related('recipient')]))"
)


@pytest.fixture(params=["sqlite", "postgres"])
def tasks_env(request, tmp_path):
    """The environment of a site whose tasks wait in its database for `db_worker`."""
    template = request.getfixturevalue(f"{request.param}_template")
    with template.copy(tmp_path) as database_url:
        env = harness.base_env(database_url)
        env.update(TASKS_BACKEND="database", COIL_SCHEDULE_IN_PROCESS="false")
        yield env


def shell(env, code, marker):
    output = harness.manage(env, "shell", "-c", code)
    line = next(line for line in output.splitlines() if line.startswith(marker + " "))
    return json.loads(line.removeprefix(marker + " "))


def enqueue_schedule_minute(env, minute):
    """What `run_schedule` enqueues at the start of a minute, at NOW + ``minute``."""
    now = (NOW + datetime.timedelta(minutes=minute)).isoformat()
    harness.manage(env, "shell", "-c", ENQUEUE.format(now=now))


def start_worker(env, log_path, email_url, *options):
    args = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", *options]
    with log_path.open("a") as log:
        return subprocess.Popen(  # noqa: S603 - fixed command, our own interpreter
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env={**env, "EMAIL_URL": email_url},
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_end_with_parent,
        )


def sigkill(process):
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def mails(folder):
    """Every e-mail the file backend wrote into ``folder`` (several may share a file)."""
    found = []
    for path in sorted(Path(folder).glob("*.log")):
        for part in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if part.strip():
                found.append(email.message_from_bytes(part))
    return found


class SilentMailServer:
    """A port that accepts SMTP connections and never answers: a mail server hanging."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", harness.free_port()))
        self.listener.setblocking(False)
        self.accepted = []
        self.url = f"smtp://127.0.0.1:{self.listener.getsockname()[1]}/?timeout=300"

    def has_a_client(self):
        with contextlib.suppress(BlockingIOError):
            self.accepted.append(self.listener.accept()[0])
        return bool(self.accepted)

    def close(self):
        for connection in [*self.accepted, self.listener]:
            connection.close()


def test_one_digest_per_person_and_day_across_killed_workers(tasks_env, tmp_path):
    env = tasks_env
    people = shell(env, SETUP_DIGESTS.format(now=NOW.isoformat(), people=DIGEST_PEOPLE), "PEOPLE")
    folder = tmp_path / "mail"
    folder.mkdir()
    file_mail = f"file:///{folder}"  # dj-email-url: an absolute path after file:///
    log = tmp_path / "db_worker.log"

    # Minute one: a worker runs the schedule's task and two digests, and is restarted.
    enqueue_schedule_minute(env, 0)
    worker = start_worker(env, log, file_mail, "--max-tasks", "3")
    assert worker.wait(timeout=300) == 0, log.read_text()
    sent_before = len(mails(folder))
    assert sent_before == 2

    # Minute two: the next worker is killed mid-way, while the mail server keeps it waiting
    # on the third digest; the others still wait for a worker.
    enqueue_schedule_minute(env, 1)
    silent = SilentMailServer()
    worker = start_worker(env, log, silent.url)
    try:
        harness.wait_for(silent.has_a_client, 120, "the worker talking to the mail server")
    finally:
        sigkill(worker)
        silent.close()

    # Minutes three and four, with a mail server that works: the worker runs what waits.
    for minute in (2, 3):
        enqueue_schedule_minute(env, minute)
        worker = start_worker(env, log, file_mail, "--batch")
        assert worker.wait(timeout=300) == 0, log.read_text()

    sent = mails(folder)
    per_person = collections.Counter(people[message["To"]] for message in sent)
    digests = shell(env, DIGESTS_SENT, "DIGESTS")
    print(f"{sent_before} before the first kill; digests {digests}")
    assert per_person == dict.fromkeys(people.values(), 1), log.read_text()
    assert sorted(digests) == [[name, "2026-02-03", True] for name in sorted(people.values())]
