"""Other apps add kinds of notification and periodic tasks through Wagtail hooks."""

import pytest
from django.core.management import call_command
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail import hooks

from notifications.kinds import Kind, all_kinds
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db

ran = []


@task()
def count_the_minute():
    ran.append(1)


@pytest.fixture
def event_kind():
    def kinds():
        return [Kind("event_reminder", _("Event reminders"), _("“%(title)s” starts soon."))]

    with hooks.register_temporarily("register_notification_kinds", kinds):
        all_kinds.cache_clear()
        yield
    all_kinds.cache_clear()


def test_a_registered_kind_can_be_sent_and_chosen(event_kind, people, client, home_pages):
    notify("event_reminder", [people["en"]], title="Webinar")
    client.force_login(people["en"])
    [notice] = client.get("/api/me/notifications/").json()["notifications"]
    assert notice["text"] == "“Webinar” starts soon."
    assert "Event reminders" in client.get("/en/me/notifications/settings/").content.decode()


def test_a_kind_no_app_registers_any_more_still_shows(people, client):
    Notification.objects.create(recipient=people["en"], kind="gone_kind", delivery="platform")
    client.force_login(people["en"])
    [notice] = client.get("/api/me/notifications/").json()["notifications"]
    assert notice["text"] == "A notification of a kind this site no longer has."


def test_a_registered_periodic_task_runs_with_the_schedule():
    ran.clear()
    with hooks.register_temporarily("register_periodic_tasks", lambda: [count_the_minute]):
        call_command("run_schedule", once=True)
    assert ran == [1]
