"""The daily digest: once per person and local day, at their hour, across DST changes."""

import datetime
import zoneinfo

import pytest
from django.core import mail

from notifications.digests import due_digests
from notifications.models import Digest, Notification, NotificationSettings
from notifications.services import notify
from notifications.tasks import enqueue_due_digests

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def oslo_reader(people):
    reader = people["nb"]
    reader.timezone = "Europe/Oslo"
    reader.save()
    NotificationSettings.objects.create(user=reader, digest_hour=8)
    return reader


def waiting(reader, actor, count=1):
    for number in range(count):
        notify("approval_given", [reader], actor=actor, title=f"Module {number + 1}")


def test_the_digest_collects_unread_notices_in_one_mail_in_the_readers_language(
    oslo_reader, people
):
    waiting(oslo_reader, people["actor"], count=3)
    notify("module_published", [oslo_reader], title="Read already")
    Notification.objects.filter(kind="module_published").update(read_at=at(2026, 1, 1, 0))
    enqueue_due_digests(at(2026, 1, 15, 7, 5))  # 08:05 in Oslo (CET)
    [message] = mail.outbox
    assert message.to == [oslo_reader.email]
    assert "3 uleste varsler" in message.subject
    for number in (1, 2, 3):
        assert f"Teacher Tove godkjente «Module {number}»." in message.body
        assert f"Teacher Tove godkjente «Module {number}»." in message.alternatives[0][0]
    assert "Read already" not in message.body
    assert Digest.objects.get().local_date == datetime.date(2026, 1, 15)
    assert Digest.objects.get().sent_at is not None


def test_not_sent_before_the_hour_nor_twice_when_the_schedule_runs_again(oslo_reader, people):
    waiting(oslo_reader, people["actor"])
    enqueue_due_digests(at(2026, 1, 15, 6, 59))  # 07:59 in Oslo
    assert mail.outbox == []
    enqueue_due_digests(at(2026, 1, 15, 7, 0))
    enqueue_due_digests(at(2026, 1, 15, 7, 0))
    waiting(oslo_reader, people["actor"])  # arrives after today's digest went out
    enqueue_due_digests(at(2026, 1, 15, 7, 30))
    assert len(mail.outbox) == 1
    # The one that came later goes with the next day's digest.
    enqueue_due_digests(at(2026, 1, 16, 7, 0))
    assert len(mail.outbox) == 2
    assert "Module 1" in mail.outbox[1].body


def test_a_missed_hour_is_not_made_up_late_the_same_day(oslo_reader, people):
    waiting(oslo_reader, people["actor"])
    enqueue_due_digests(at(2026, 1, 15, 12, 0))  # 13:00 in Oslo
    assert mail.outbox == []
    assert not Digest.objects.exists()


def test_nothing_unread_sends_nothing(oslo_reader, people):
    waiting(oslo_reader, people["actor"])
    Notification.objects.update(read_at=at(2026, 1, 15, 6))
    enqueue_due_digests(at(2026, 1, 15, 7, 10))
    assert mail.outbox == []
    assert not Digest.objects.exists()


def test_people_without_digest_notices_get_none(people):
    notify("mentioned", [people["en"]], actor=people["actor"])  # immediate, not digest
    for hour in range(24):
        enqueue_due_digests(at(2026, 1, 15, hour, 1))
    assert not Digest.objects.exists()


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        # Spring forward on Sunday 29 March 2026: 08:00 is 07:00 UTC on Saturday, 06:00 on Sunday.
        (datetime.date(2026, 3, 28), 7),
        (datetime.date(2026, 3, 29), 6),
        (datetime.date(2026, 3, 30), 6),
        # Fall back on Sunday 25 October 2026: 08:00 is 06:00 UTC on Saturday, 07:00 on Sunday.
        (datetime.date(2026, 10, 24), 6),
        (datetime.date(2026, 10, 25), 7),
    ],
)
def test_the_hour_is_local_on_both_sides_of_a_dst_change(oslo_reader, people, day, utc_hour):
    waiting(oslo_reader, people["actor"])
    due = datetime.datetime.combine(day, datetime.time(utc_hour), tzinfo=UTC)
    assert due.astimezone(OSLO).hour == 8
    assert due_digests(due - datetime.timedelta(minutes=1)) == []
    assert due_digests(due) == [(oslo_reader.pk, day)]
    assert due_digests(due + datetime.timedelta(minutes=59)) == [(oslo_reader.pk, day)]
    assert due_digests(due + datetime.timedelta(minutes=60)) == []


@pytest.mark.parametrize("first_day", [datetime.date(2026, 3, 27), datetime.date(2026, 10, 23)])
def test_a_schedule_running_through_a_dst_change_sends_one_digest_a_day(
    oslo_reader, people, first_day
):
    """The schedule running every quarter of an hour from Friday to Tuesday around the change."""
    moment = datetime.datetime.combine(first_day, datetime.time(0), tzinfo=UTC)
    sent_at = []
    for _step in range(4 * 24 * 4):
        local = moment.astimezone(OSLO)
        if local.hour == 12 and local.minute == 0:
            waiting(oslo_reader, people["actor"])  # something new every midday
        count = len(mail.outbox)
        enqueue_due_digests(moment)
        enqueue_due_digests(moment)  # and a second scheduler beside it
        if len(mail.outbox) > count:
            assert len(mail.outbox) == count + 1
            sent_at.append(moment.astimezone(OSLO))
        moment += datetime.timedelta(minutes=15)
    assert [(local.hour, local.minute) for local in sent_at] == [(8, 0)] * 3
    assert [local.date() for local in sent_at] == [
        first_day + datetime.timedelta(days=n) for n in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    ("day", "utc_start"),
    [
        # 02:00 does not exist on 29 March: the digest hour starts at 03:00 CEST (01:00 UTC).
        (datetime.date(2026, 3, 29), at(2026, 3, 29, 1)),
        # 02:00 happens twice on 25 October: the first one (CEST, 00:00 UTC) counts.
        (datetime.date(2026, 10, 25), at(2026, 10, 25, 0)),
    ],
)
def test_an_hour_the_change_skips_or_repeats_sends_once(oslo_reader, people, day, utc_start):
    NotificationSettings.objects.filter(user=oslo_reader).update(digest_hour=2)
    waiting(oslo_reader, people["actor"])
    assert due_digests(utc_start - datetime.timedelta(minutes=1)) == []
    for minutes in range(0, 180, 5):  # through the repeated hour and beyond
        enqueue_due_digests(utc_start + datetime.timedelta(minutes=minutes))
    assert len(mail.outbox) == 1
    assert Digest.objects.get().local_date == day
