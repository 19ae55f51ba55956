"""ASGI application for the bare broadcast consumer (bench/bare_consumer.py).

Built like coil_platform/asgi.py (Django for HTTP, so /healthz answers; the origin check and
the session middleware for WebSocket) with one route: /ws/bare/<id>/.
Serve with `daphne bench.bare_asgi:application` from the project directory.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coil_platform.settings.dev")

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from bench.bare_consumer import BareBroadcastConsumer  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                URLRouter([path("ws/bare/<int:space_id>/", BareBroadcastConsumer.as_asgi())])
            )
        ),
    }
)
