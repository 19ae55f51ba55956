import zoneinfo

from django.conf import settings
from django.db import Error as DatabaseError
from django.utils import timezone, translation
from django.utils.translation import get_language_from_path


def use_preferred_language(request, language):
    """Speak `language` (a person's preference) where neither the URL nor the cookie names one."""
    if (
        language in dict(settings.LANGUAGES)
        and not get_language_from_path(request.path_info)
        and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
    ):
        translation.activate(language)
        request.LANGUAGE_CODE = language


class UserPreferencesMiddleware:
    """Use the signed-in person's time zone and, where the URL names no language, their language.

    Runs after LocaleMiddleware and AuthenticationMiddleware. Anonymous visitors keep the
    language LocaleMiddleware chose (URL prefix, language cookie, Accept-Language) and see
    times in UTC.
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
        if signed_in:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
            use_preferred_language(request, user.language)
        else:
            timezone.deactivate()
        return self.get_response(request)
