"""Every response carries a Content-Security-Policy; only the admin's allows inline code.

tests/e2e/test_content_security_policy.py checks in Chromium that the pages work under it.
"""

import pytest
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.django_db


def policy(response):
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: set(values) for name, *values in directives}


@pytest.mark.parametrize("path", ["/en/", "/en/accounts/login/", "/api/v2/pages/", "/healthz"])
def test_site_pages_allow_only_the_sites_own_scripts_styles_and_connections(home_pages, path):
    found = policy(Client().get(path, follow=True))

    assert found["default-src"] == {"'self'"}
    assert found["script-src"] == {"'self'"}
    assert found["style-src"] == {"'self'"}
    assert found["img-src"] == {"'self'"}
    assert found["connect-src"] == {"'self'"}
    assert found["object-src"] == {"'none'"}
    assert found["base-uri"] == {"'self'"}
    assert found["form-action"] == {"'self'"}
    assert found["frame-ancestors"] == {"'self'"}


def test_the_admin_allows_the_inline_code_of_wagtails_widgets(home_pages):
    client = Client()
    client.force_login(User.objects.create_superuser("site.admin", "admin@example.org", "pw"))

    found = policy(client.get("/admin/"))

    assert found["script-src"] == {"'self'", "'unsafe-inline'"}
    assert found["style-src"] == {"'self'", "'unsafe-inline'"}
    assert found["img-src"] == {"'self'", "data:", "blob:"}
    assert found["object-src"] == {"'none'"}
    assert found["frame-ancestors"] == {"'self'"}


def test_admin_avatars_do_not_come_from_gravatar(home_pages):
    client = Client()
    client.force_login(User.objects.create_superuser("site.admin", "admin@example.org", "pw"))

    assert "gravatar.com" not in client.get("/admin/").content.decode()
