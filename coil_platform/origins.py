"""WebSockets are accepted only from the site's own pages: the Origin must be the site.

A browser sends the session cookie with a WebSocket opened by any page, so another site
could otherwise act as the signed-in person. Channels' `AllowedHostsOriginValidator` checks
the Origin's host name only, so a page on another port or over plain HTTP of an allowed
host would pass. Here the Origin must be exactly the origin the request was made to —
scheme, host and port, the scheme as the proxy reports it (`SECURE_PROXY_SSL_HEADER`) —
on a host in `ALLOWED_HOSTS`, or one of `CSRF_TRUSTED_ORIGINS`.
"""

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": "80", "https": "443"}


def _normal(origin):
    """'scheme://host[:port]' in lower case, without the scheme's default port."""
    scheme, _sep, rest = origin.strip().lower().partition("://")
    host, port = split_domain_port(rest)
    if not scheme or not host or (port and port == DEFAULT_PORTS.get(scheme)):
        port = ""
    if not host:
        return None
    return f"{scheme}://{host}" + (f":{port}" if port else "")


def _header(scope, name):
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin1")
    return ""


def own_origin(scope):
    """The origin this WebSocket request was made to, or None for a host not allowed."""
    host = _header(scope, b"host")
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    secure = scope.get("scheme") == "wss"
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        header = proxy[0].removeprefix("HTTP_").replace("_", "-").lower().encode()
        secure = secure or _header(scope, header) == proxy[1]
    return _normal(f"{'https' if secure else 'http'}://{host}")


def allowed_origin(scope):
    origin = _normal(_header(scope, b"origin"))
    if origin is None:
        return False
    trusted = {_normal(value) for value in settings.CSRF_TRUSTED_ORIGINS}
    return origin == own_origin(scope) or origin in trusted


class SameOriginValidator:
    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not allowed_origin(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
