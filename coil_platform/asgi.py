"""ASGI entry point: HTTP through Django, WebSocket through Channels.

Served by daphne (`daphne coil_platform.asgi:application`).
"""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coil_platform.settings.dev")

# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from coil_platform.origins import SameOriginValidator  # noqa: E402
from coil_platform.routing import websocket_urlpatterns  # noqa: E402
from collaboration.outages import CloseWhenUnavailable  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameOriginValidator(
            CloseWhenUnavailable(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

if settings.COIL_SCHEDULE_IN_PROCESS:
    # Nothing else runs the periodic work (daily digests) in the embedded default.
    from notifications.schedule import start_in_process

    start_in_process()
