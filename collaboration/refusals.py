"""How the collaboration pages and the JSON API refuse: the refusal page, and 404s kept whole.

The Wagtail pages live under i18n_patterns, so LocaleMiddleware answers any 404 at the root
with a redirect to /en/<path>, which loses our explanation. Resolving the response against
our own URLs, which have no language prefix, keeps it.
"""

from functools import wraps

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _


def refusal_page(request, text, *, title=None, status=403):
    """The page that says why the person cannot go on: 403 "Not allowed" unless told."""
    context = {"text": text, "title": title}
    return render(request, "collaboration/refusal.html", context, status=status)


def keep_not_found(request, response):
    """`response`, served as it is when it is a 404 (see the module's docstring)."""
    if response.status_code == 404:
        request.urlconf = "collaboration.urls"
    return response


def page(view):
    """A collaboration page: Http404 becomes the refusal page "Not found", served as it is."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = refusal_page(
                request, _("There is nothing at this address."), title=_("Not found"), status=404
            )
        return keep_not_found(request, response)

    return wrapper
