"""The list page, marking read, the settings page and the header count."""

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from notifications.choices import Delivery
from notifications.kinds import all_kinds
from notifications.models import Notification, NotificationSettings
from notifications.services import notify

pytestmark = pytest.mark.django_db

LIST = "/en/me/notifications/"


@pytest.fixture
def reader(people, client):
    client.force_login(people["en"])
    return people["en"]


def test_the_list_needs_a_signed_in_person(client, home_pages):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_the_list_shows_each_notice_linking_to_its_work(reader, people, client, home_pages):
    notify("mentioned", [reader], actor=people["actor"], target="/en/spaces/7/", title="Plaza")
    notify("module_published", [reader], target=home_pages["en"])
    notify("mentioned", [people["nb"]], actor=people["actor"], title="Not for Ada")
    page = client.get(LIST).content.decode()
    assert '<a href="/en/spaces/7/">Teacher Tove mentioned you in “Plaza”.</a>' in page
    assert f'<a href="/en/">“{home_pages["en"].title}” is published.</a>' in page
    assert "Not for Ada" not in page
    assert "2 unread" in page
    assert page.count("Mark as read") == 2


def test_the_list_is_paginated(reader, people, client, home_pages):
    for number in range(25):
        notify("module_published", [reader], title=f"Module {number:02d}")
    first = client.get(LIST).content.decode()
    assert "“Module 24”" in first and "“Module 05”" in first and "“Module 04”" not in first
    second = client.get(LIST + "?page=2").content.decode()
    assert "“Module 04”" in second and "“Module 05”" not in second


def test_marking_one_read_changes_only_that_one(reader, people, client, home_pages):
    first, second = (
        notify("module_published", [reader], title=title)[0] for title in ("One", "Two")
    )
    response = client.post(f"{LIST}{first.pk}/read/", {"next": LIST + "?page=1"})
    assert response.status_code == 302 and response["Location"] == LIST + "?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    assert "1 unread" in client.get(LIST).content.decode()


def test_nobody_marks_anothers_notification_or_a_missing_one(reader, people, client, home_pages):
    [theirs] = notify("module_published", [people["nb"]], title="Theirs")
    for pk in (theirs.pk, theirs.pk + 1000, 2**64):
        response = client.post(f"{LIST}{pk}/read/")
        assert response.status_code == 404
        assert "This notification does not exist, or it is not yours." in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_takes_a_post_with_its_csrf_token(people, home_pages):
    [mine] = notify("module_published", [people["en"]], title="Mine")
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["en"])
    assert client.get(f"{LIST}{mine.pk}/read/").status_code == 405
    assert client.post(f"{LIST}{mine.pk}/read/").status_code == 403
    mine.refresh_from_db()
    assert mine.read_at is None


def test_a_next_address_on_another_site_is_not_followed(reader, client, home_pages):
    [mine] = notify("module_published", [reader], title="Mine")
    response = client.post(f"{LIST}{mine.pk}/read/", {"next": "https://evil.example/"})
    assert response["Location"] == LIST


def test_mark_all_read_marks_only_ones_own(reader, people, client, home_pages):
    notify("module_published", [reader, people["nb"]], title="Both")
    notify("module_published", [reader], title="Ada only")
    response = client.post(f"{LIST}read/", follow=True)
    assert "Every notification is marked read." in response.content.decode()
    assert not Notification.objects.filter(recipient=reader, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=people["nb"]).read_at is None


def test_the_settings_page_shows_the_defaults_and_saves_choices(reader, client, home_pages):
    url = LIST + "settings/"
    page = client.get(url).content.decode()
    assert "Approval given" in page and "Send the daily digest at" in page
    assert (
        'name="kind_approval_given" value="digest" required id="id_kind_approval_given_2" checked'
        in page
    )
    assert (
        'name="kind_mentioned" value="immediate" required id="id_kind_mentioned_1" checked' in page
    )
    assert not NotificationSettings.objects.exists()  # looking saves nothing
    choices = {"kind_" + name: Delivery.IMMEDIATE for name in ("approval_given", "mentioned")}
    choices |= {"kind_mentioned": Delivery.PLATFORM, "digest_hour": "18"}
    response = client.post(url, choices)
    assert response.status_code == 400  # every kind needs a choice
    assert not NotificationSettings.objects.exists()
    full = {f"kind_{kind.name}": kind.default_delivery for kind in all_kinds().values()}
    response = client.post(url, full | choices, follow=True)
    assert "Your notification settings have been saved." in response.content.decode()
    saved = NotificationSettings.objects.get(user=reader)
    assert saved.digest_hour == 18
    assert saved.deliveries["mentioned"] == Delivery.PLATFORM
    assert saved.deliveries["approval_given"] == Delivery.IMMEDIATE
    [notice] = notify("mentioned", [reader])
    assert notice.delivery == Delivery.PLATFORM


def test_the_header_shows_the_unread_count(reader, people, client, home_pages):
    page = client.get("/en/").content.decode()
    assert 'aria-label="Notifications, 0 unread"' in page
    assert "data-unread-notifications hidden>0</span>" in page
    notify("module_published", [reader], title="One")
    notify("module_published", [reader], title="Two")
    page = client.get("/en/").content.decode()
    assert 'aria-label="Notifications, 2 unread"' in page
    assert "data-unread-notifications>2</span>" in page
    nb = client.get("/nb/").content.decode()
    assert 'aria-label="Varsler, 2 uleste"' in nb and 'href="/nb/me/notifications/"' in nb


def test_the_header_is_not_shown_to_visitors(client, home_pages):
    assert "data-unread-notifications" not in client.get("/en/").content.decode()


def test_the_header_count_costs_one_query(reader, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = reader
    template = Template("{% load notification_tags %}{% unread_notifications as n %}{{ n }}")
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request})) == "0"
