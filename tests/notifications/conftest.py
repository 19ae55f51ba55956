"""People who read in different languages, and e-mail servers that refuse."""

import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from tests.collaboration.conftest import (  # noqa: F401 - the module world and its sockets
    fresh_cache,
    sockets,
    world,
)
from tests.factories import UserFactory


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that closes the connection on every mail."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed\nby the server")


@pytest.fixture
def people(db):
    return {
        "en": UserFactory(username="reader.en", display_name="Ada", language="en"),
        "nb": UserFactory(username="reader.nb", display_name="Nils", language="nb"),
        "sv": UserFactory(username="reader.sv", display_name="Sara", language="sv"),
        "actor": UserFactory(username="actor", display_name="Teacher Tove", language="en"),
    }
