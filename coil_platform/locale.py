"""The language of a request, and the old unprefixed addresses of the pages.

Every page a person reads lives under its language's prefix (`/en/`, `/nb/`, `/sv/`).
Django's LocaleMiddleware answers a 404 at an address without a prefix by redirecting to the
same address (query string kept) under the prefix of the language it chose from the
language cookie or `Accept-Language`, or that `accounts.middleware.UserPreferencesMiddleware`
chose from the signed-in person's profile. Its redirect is a 302, which turns a posted form
into a GET: here a request that is not a GET or HEAD is redirected with 307, which keeps its
method and body, so that forms posted to the old addresses (`/accounts/login/`) still work.

The scripts' catalogue (`/jsi18n/`) has no prefix either, and takes the page's language.
"""

from django.conf import settings
from django.middleware import locale
from django.utils import translation
from django.views import i18n

SAFE_METHODS = ("GET", "HEAD")


class LocaleMiddleware(locale.LocaleMiddleware):
    def process_response(self, request, response):
        answer = super().process_response(request, response)
        if answer is not response and request.method not in SAFE_METHODS:
            answer.status_code = 307
        return answer


class JavaScriptCatalog(i18n.JavaScriptCatalog):
    """Django's catalogue of the scripts' strings, in the language of the page that loads it.

    Its address has no prefix; the page names its own language in `?language=`, so that the
    scripts speak the page's language whatever the cookie says. Without it (or with a language
    the site does not have) the request's language stays.
    """

    def get(self, request, *args, **kwargs):
        language = request.GET.get("language")
        if language not in dict(settings.LANGUAGES):
            return super().get(request, *args, **kwargs)
        with translation.override(language):
            return super().get(request, *args, **kwargs)
