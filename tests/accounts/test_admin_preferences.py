import pytest
from wagtail.users.models import UserProfile

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_uses_the_profile_time_zone_and_language(client):
    user = UserFactory(username="teacher.x", timezone="Asia/Kolkata", language="sv")
    profile = UserProfile.get_for_user(user)
    assert (profile.current_time_zone, profile.preferred_language) == ("Asia/Kolkata", "sv")

    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/",
        {"display_name": "Teacher X", "timezone": "Europe/Oslo", "language": "nb"},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.current_time_zone, profile.preferred_language) == ("Europe/Oslo", "nb")
