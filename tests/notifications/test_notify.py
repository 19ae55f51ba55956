"""notify(): who hears of what, how, and in which language."""

import logging

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from notifications.choices import Delivery
from notifications.models import Notification, NotificationSettings
from notifications.services import notify
from notifications.tasks import send_notification_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def choose(user, kind, delivery):
    settings_row, _created = NotificationSettings.objects.get_or_create(user=user)
    settings_row.deliveries[kind] = delivery
    settings_row.save()


def test_notify_reaches_exactly_the_recipients_given(people, django_capture_on_commit_callbacks):
    bystander = UserFactory(username="bystander")
    gone = UserFactory(username="gone", is_active=False)
    with CaptureQueriesContext(connection) as queries:
        notify(
            "module_published",
            [people["nb"], people["sv"].pk, people["nb"], gone],
            target="/en/spaces/1/",
            title="Outdoor play",
        )
    inserts = [
        q for q in queries if q["sql"].startswith('INSERT INTO "notifications_notification"')
    ]
    assert len(inserts) == 1
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "reader.nb",
        "reader.sv",
    ]
    assert not Notification.objects.filter(recipient__in=[bystander, gone]).exists()


def test_an_unknown_kind_is_refused(people):
    with pytest.raises(LookupError):
        notify("no_such_kind", [people["en"]])
    assert not Notification.objects.exists()


def test_platform_only_sends_no_mail(people, django_capture_on_commit_callbacks):
    choose(people["en"], "mentioned", Delivery.PLATFORM)
    with django_capture_on_commit_callbacks(execute=True):
        notify("mentioned", [people["en"]], actor=people["actor"], target="/en/spaces/3/")
    assert mail.outbox == []
    assert Notification.objects.get().delivery == Delivery.PLATFORM


@pytest.mark.parametrize(
    ("language", "sentence", "prefix"),
    [
        ("en", "Teacher Tove mentioned you in “Plaza”.", "/en/"),
        ("nb", "Teacher Tove nevnte deg i «Plaza».", "/nb/"),
        ("sv", "Teacher Tove nämnde dig i ”Plaza”.", "/sv/"),
    ],
)
def test_immediate_sends_one_mail_in_the_recipients_language(
    people, home_pages, django_capture_on_commit_callbacks, language, sentence, prefix
):
    reader = people[language]
    with django_capture_on_commit_callbacks(execute=True):
        notify("mentioned", [reader], actor=people["actor"], target=home_pages["en"], title="Plaza")
    [message] = mail.outbox
    assert message.to == [reader.email]
    text = message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    # The title is the page's in the reader's language, not the one given at the time.
    home_title = home_pages[language].title
    assert sentence.replace("Plaza", home_title) in text
    assert sentence.replace("Plaza", home_title) in html
    base = settings.WAGTAILADMIN_BASE_URL
    assert f"{base}{prefix}" in text  # the page in the reader's language
    assert f'href="{base}{prefix}me/notifications/"' in html
    assert f"{base}{prefix}me/notifications/settings/" in text
    assert f'lang="{language}"' in html
    assert "COIL Commons" in message.subject and home_title in message.subject


def test_digest_kinds_wait_for_the_digest(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify("approval_given", [people["en"]], actor=people["actor"], title="A module")
    assert mail.outbox == []
    assert Notification.objects.get().delivery == Delivery.DIGEST


def test_a_person_may_choose_mail_for_a_kind_that_waits_by_default(
    people, django_capture_on_commit_callbacks
):
    choose(people["en"], "approval_given", Delivery.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        notify("approval_given", [people["en"]], actor=people["actor"], title="A module")
    [message] = mail.outbox
    assert "Teacher Tove approved “A module”." in message.body


def test_the_text_is_made_when_read_and_shows_the_reason(people, client):
    notify(
        "message_hidden",
        [people["nb"]],
        actor=people["actor"],
        target="/en/spaces/3/",
        title="Plaza",
        reason="Personal data",
    )
    client.force_login(people["nb"])
    nb = client.get("/api/me/notifications/", headers={"accept-language": "nb"}).json()
    assert nb["notifications"][0]["text"] == (
        "Teacher Tove skjulte meldingen din i «Plaza». Grunn: Personal data"
    )
    client.cookies["django_language"] = "en"
    en = client.get("/api/me/notifications/").json()
    assert en["notifications"][0]["text"] == (
        "Teacher Tove hid your message in “Plaza”. Reason: Personal data"
    )


def test_a_mail_the_server_refuses_is_one_line_in_the_log_and_not_retried(
    people, caplog, django_capture_on_commit_callbacks
):
    with (
        override_settings(EMAIL_BACKEND="tests.notifications.conftest.RefusingBackend"),
        caplog.at_level(logging.WARNING),
        django_capture_on_commit_callbacks(execute=True),
    ):
        [notification] = notify("mentioned", [people["en"]], actor=people["actor"])
    records = [r for r in caplog.records if r.name == "notifications.emails"]
    assert len(records) == 1
    line = records[0].getMessage()
    assert "\n" not in line and records[0].exc_info is None
    assert f"notification {notification.pk}" in line and "SMTPServerDisconnected" in line
    assert caplog.records == records  # nothing else: no task failure with a traceback
    # The notice stays in the platform; running the task again sends nothing.
    send_notification_email.call(notification.pk)
    assert mail.outbox == []
    assert Notification.objects.get().read_at is None


def test_a_notification_read_before_its_mail_goes_is_not_mailed(people):
    [notification] = notify("mentioned", [people["en"]], actor=people["actor"])
    Notification.objects.update(read_at=notification.created)
    send_notification_email.call(notification.pk)
    assert mail.outbox == []
