"""The project's URLs and error handlers, plus pages that fail (tests/home/test_error_pages.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from coil_platform.urls import handler400, handler403, handler404, handler500  # noqa: F401
from coil_platform.urls import urlpatterns as project_urlpatterns


def fails(request):
    raise RuntimeError("a fault in a view")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


urlpatterns = [
    path("api/fails/", fails),
    *i18n_patterns(
        path("fails/", fails), path("forbidden/", forbidden), path("suspicious/", suspicious)
    ),
    *project_urlpatterns,
]
