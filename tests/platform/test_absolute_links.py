"""Absolute links come from the public base URL (WAGTAILADMIN_BASE_URL), port included."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from wagtail.models import Site

from home.demo import ensure_home_pages
from modules.models import ModuleIndexPage
from tests.factories import UserFactory
from tests.modules.conftest import build_module, session

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8123"


@pytest.fixture
def module(settings):
    """The demo site made for a server on port 8123, and a module with a session on it."""
    settings.WAGTAILADMIN_BASE_URL = BASE
    homes = ensure_home_pages()
    index = homes["en"].add_child(instance=ModuleIndexPage(title="Course modules", slug="modules"))
    index.save_revision().publish()
    start = datetime.datetime(2027, 2, 23, 12, 0, tzinfo=datetime.UTC)
    return build_module(
        index, sessions=[session("Kick-off", start, start + datetime.timedelta(hours=1))]
    )


def test_the_demo_site_takes_host_and_port_from_the_base_url(module):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, BASE)


def test_the_calendar_links_carry_host_and_port(client, module):
    response = client.get(module.url + "calendar.ics")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    page_url = f"{BASE}/en/modules/outdoor-play-across-cultures/"
    assert str(event["URL"]) == page_url
    assert f"Module: {page_url}" in str(event["DESCRIPTION"])


def test_the_pages_api_links_carry_host_and_port(client, module):
    listing = client.get("/api/v2/pages/", {"type": "modules.CourseModulePage"}).json()
    (item,) = listing["items"]
    assert item["meta"]["html_url"] == f"{BASE}/en/modules/outdoor-play-across-cultures/"
    assert item["meta"]["detail_url"] == f"{BASE}/api/v2/pages/{module.pk}/"


def test_the_password_reset_link_is_on_the_base_url_whatever_host_was_asked(client, settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    UserFactory(username="ingrid", email="ingrid@example.org")
    client.post(
        "/en/accounts/password-reset/", {"email": "ingrid@example.org"}, HTTP_HOST="localhost"
    )
    (message,) = mail.outbox
    assert re.search(re.escape(BASE) + r"/(en|nb|sv)/accounts/reset/", message.body)
    assert "http://localhost/" not in message.body
