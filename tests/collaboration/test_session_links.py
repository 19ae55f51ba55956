"""Enrolled students take part in a module's sessions, so they see its online links."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from modules.models import ModuleSession

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/outdoor-play-kick-off"


def page_for(user, module):
    client = Client()
    client.force_login(user)
    return client.get(module.url).content.decode()


def test_enrolled_students_see_session_links_and_others_do_not(world):
    module = world.module
    start = timezone.make_aware(datetime.datetime(2027, 2, 3, 13, 0), datetime.UTC)
    ModuleSession.objects.create(
        page=module,
        title="Kick-off",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        online_link=LINK,
    )
    module.save_revision().publish()
    module.refresh_from_db()
    assert LINK in page_for(world["a_oslo"], module)
    assert LINK in page_for(world["ungrouped"], module)
    assert LINK not in page_for(world["outsider"], module)
    assert LINK not in page_for(world["kolkata"], module)
