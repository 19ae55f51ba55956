"""One set of date and time formats per language: the site's pages, its e-mails and the admin.

The month and weekday names come from Django's own catalogues, so these hold without ours.
"""

import datetime
import re
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from wagtail.models import Page

from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory

# A Monday; 18:44 in Oslo.
WHEN = datetime.datetime(2027, 2, 22, 17, 44, tzinfo=datetime.UTC)

FORMATS = {
    "en": {
        "DATE_FORMAT": "22 February 2027",
        "TIME_FORMAT": "18:44",
        "DATETIME_FORMAT": "22 February 2027, 18:44",
        "SHORT_DATE_FORMAT": "22 Feb 2027",
        "SHORT_DATETIME_FORMAT": "22 Feb 2027, 18:44",
        "WEEKDAY_DATE_FORMAT": "Monday 22 February 2027",
        "WEEKDAY_TIME_FORMAT": "Monday 18:44",
        "WEEKDAY_DATETIME_FORMAT": "Monday 22 February 2027, 18:44",
    },
    "nb": {
        "DATE_FORMAT": "22. februar 2027",
        "TIME_FORMAT": "18:44",
        "DATETIME_FORMAT": "22. februar 2027 kl. 18:44",
        "SHORT_DATE_FORMAT": "22.02.2027",
        "SHORT_DATETIME_FORMAT": "22.02.2027 18:44",
        "WEEKDAY_DATE_FORMAT": "mandag 22. februar 2027",
        "WEEKDAY_TIME_FORMAT": "mandag 18:44",
        "WEEKDAY_DATETIME_FORMAT": "mandag 22. februar 2027 kl. 18:44",
    },
    "sv": {
        "DATE_FORMAT": "22 februari 2027",
        "TIME_FORMAT": "18:44",
        "DATETIME_FORMAT": "22 februari 2027 kl. 18:44",
        "SHORT_DATE_FORMAT": "2027-02-22",
        "SHORT_DATETIME_FORMAT": "2027-02-22 18:44",
        "WEEKDAY_DATE_FORMAT": "måndag 22 februari 2027",
        "WEEKDAY_TIME_FORMAT": "måndag 18:44",
        "WEEKDAY_DATETIME_FORMAT": "måndag 22 februari 2027 kl. 18:44",
    },
}


@pytest.mark.parametrize("language", FORMATS)
def test_templates_draw_each_named_format_in_the_language_of_the_page(language):
    expected = FORMATS[language]
    template = Template(" | ".join(f'{{{{ when|date:"{name}" }}}}' for name in expected))
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Europe/Oslo")):
        shown = template.render(Context({"when": WHEN}))
    assert shown.split(" | ") == list(expected.values())


@pytest.mark.django_db
@pytest.mark.parametrize("language", FORMATS)
def test_the_notification_list_shows_when_in_the_readers_language_and_zone(
    client, home_pages, language
):
    reader = UserFactory(username=f"reader.{language}", language=language)
    notify("module_published", [reader], title="Play")
    Notification.objects.update(created=WHEN)
    client.force_login(reader)

    page = client.get(f"/{language}/me/notifications/").content.decode()

    shown = re.search(r'<time datetime="[^"]+">([^<]+)</time>\s*\(([^)]+)\)', page)
    assert shown.groups() == (FORMATS[language]["DATETIME_FORMAT"], "Europe/Oslo")


@pytest.mark.django_db
@pytest.mark.parametrize("language", FORMATS)
def test_the_admin_shows_24_hour_times_in_the_editors_language(client, home_pages, language):
    editor = UserFactory(
        username=f"admin.{language}", language=language, is_superuser=True, is_staff=True
    )
    editor.save()
    Page.objects.filter(pk=home_pages["en"].pk).update(latest_revision_created_at=WHEN)
    client.force_login(editor)

    page = client.get(f"/admin/pages/{home_pages['en'].get_parent().pk}/").content.decode()

    tooltips = re.findall(r'data-w-tooltip-content-value="([^"]+)"', page)
    assert FORMATS[language]["DATETIME_FORMAT"] in tooltips
    assert not re.search(r"\b[ap]\.m\.", page)
