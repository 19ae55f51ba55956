from django.conf import settings
from django.db import Error as DatabaseError
from django.utils import timezone, translation
from django.utils.translation import get_language_from_path

from .models import known_zone


def use_preferred_language(request, language):
    """Speak `language` (a person's preference) where neither the URL nor the cookie names one."""
    if (
        language in dict(settings.LANGUAGES)
        and not get_language_from_path(request.path_info)
        and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
    ):
        translation.activate(language)
        request.LANGUAGE_CODE = language


def visitor_zone(request):
    """The zone an anonymous visitor's cookie names, or None when it names no known zone."""
    return known_zone(request.COOKIES.get(settings.TIME_ZONE_COOKIE_NAME))


class UserPreferencesMiddleware:
    """Use the person's time zone and, where the URL names no language, their language.

    Runs after LocaleMiddleware and AuthenticationMiddleware. Signed-in people see times in
    their profile's zone. Anonymous visitors keep the language LocaleMiddleware chose (URL
    prefix, language cookie, Accept-Language) and see times in the zone of the time-zone
    cookie (their browser's, or the one they chose), or in UTC when it names no known zone.
    `request.timezone_source` says which: "profile", "cookie" or "default".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        try:
            signed_in = user.is_authenticated
        except DatabaseError:
            # The session or the user could not be read: serve the request without the
            # person's preferences, so that the view can answer the outage itself.
            signed_in = False
        zone = known_zone(user.timezone) if signed_in else visitor_zone(request)
        if zone is not None:
            timezone.activate(zone)
            request.timezone_source = "profile" if signed_in else "cookie"
        else:
            timezone.deactivate()
            request.timezone_source = "default"
        if signed_in:
            use_preferred_language(request, user.language)
        return self.get_response(request)
