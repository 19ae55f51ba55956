"""The site's error answers: styled pages in the visitor's language, JSON under /api/.

Django calls these for errors nothing else answered (`handler400` … `handler500` in
`coil_platform/urls.py`). Pages render `templates/404.html`, `403.html`, `400.html` and
`500.html` through Django's own views; the JSON API keeps its `{"error", "detail"}` shape
(docs/protocol.md).
"""

from django.http import Http404
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _
from django.views import defaults

from collaboration.api import error_response
from collaboration.refusals import keep_not_found

API_PREFIX = "/api/"


def is_api(request):
    return request.path.startswith(API_PREFIX)


def page_not_found(request, exception=None):
    if is_api(request):
        return error_response("not_found", _("There is nothing at this address."))
    return defaults.page_not_found(request, exception)


def permission_denied(request, exception=None):
    if is_api(request):
        return error_response("forbidden", _("You may not do this."))
    return defaults.permission_denied(request, exception)


def bad_request(request, exception=None):
    if is_api(request):
        return error_response("invalid", _("The request could not be understood."))
    return defaults.bad_request(request, exception)


def server_error(request):
    """The 500 page renders without a request or the database (see templates/500.html)."""
    if is_api(request):
        return error_response("server_error", _("Something went wrong on our side."))
    return defaults.server_error(request)


class ApiNotFoundMiddleware(MiddlewareMixin):
    """Serve every 404 under /api/ as it is (JSON), which `LocaleMiddleware` would redirect.

    `LocaleMiddleware` sends a 404 at an address without a language prefix to `/en/<path>`
    when that resolves, and Wagtail's page serving resolves anything: the client would get
    the HTML page `/en/api/…`. Listed after `LocaleMiddleware`, this sees the response first.
    """

    def process_response(self, request, response):
        if is_api(request):
            keep_not_found(request, response)
        return response


class NotFoundPageMiddleware(MiddlewareMixin):
    """In development (`DEBUG`), answer a missing page with the site's 404 page.

    Django shows its debug page for an `Http404` raised by a view while `DEBUG` is on; this
    hands the exception to `page_not_found` first, so that `make run` shows what visitors
    see. Other errors keep the debug page with its traceback.
    """

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
