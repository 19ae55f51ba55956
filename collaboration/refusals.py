"""How the collaboration pages and the JSON API refuse: the refusal page, and 404s kept whole.

The pages live under i18n_patterns, so LocaleMiddleware answers any 404 at the root with a
redirect to /<lang>/<path> (coil_platform/locale.py), which would lose the JSON API's
explanation. Resolving its response against our own URLs, which have no language prefix,
keeps it.
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
    """`response` of an address at the root, served as it is when it is a 404 (see above)."""
    if response.status_code == 404:
        request.urlconf = "collaboration.urls"
    return response


def page(view):
    """A collaboration page: Http404 becomes the refusal page "Not found"."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return refusal_page(
                request, _("There is nothing at this address."), title=_("Not found"), status=404
            )

    return wrapper
