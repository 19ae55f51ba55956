"""The database backend: tasks wait in the database until `db_worker` runs them."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from notifications.models import Digest, NotificationSettings
from notifications.services import notify
from notifications.tasks import send_due_digests

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


@DATABASE_TASKS
def test_an_immediate_mail_waits_for_the_worker(people):
    notify("mentioned", [people["sv"]], actor=people["actor"], target="/en/spaces/2/", title="Torg")
    assert mail.outbox == []
    [waiting] = DBTaskResult.objects.all()
    assert waiting.task_path == "notifications.tasks.send_notification_email"
    run_worker()
    [message] = mail.outbox
    assert "Teacher Tove nämnde dig i ”Torg”." in message.body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    run_worker()  # nothing left to do: no second mail
    assert len(mail.outbox) == 1


@DATABASE_TASKS
def test_the_schedule_enqueues_the_digests_and_the_worker_sends_them(people):
    reader = people["nb"]
    NotificationSettings.objects.create(user=reader, digest_hour=9)
    reader.timezone = "Europe/Oslo"
    reader.save()
    notify("approval_given", [reader], actor=people["actor"], title="Uteleik")
    call_command("run_schedule", once=True)
    call_command("run_schedule", once=True)
    # Every run enqueues each periodic task once; other apps register tasks of their own.
    paths = [row.task_path for row in DBTaskResult.objects.all()]
    assert paths.count("notifications.tasks.send_due_digests") == 2
    # Those would look at the real clock; these at 09:00 in Oslo on a winter day, twice.
    DBTaskResult.objects.all().delete()
    send_due_digests.enqueue(now="2026-02-02T08:00:00+00:00")
    send_due_digests.enqueue(now="2026-02-02T08:00:00+00:00")
    run_worker()
    digests = [m for m in mail.outbox if "godkjente «Uteleik»." in m.body]
    assert len(digests) == 1
    assert Digest.objects.get().local_date == datetime.date(2026, 2, 2)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
