from .base import *  # noqa: F403
from .base import env

DEBUG = True
# DEBUG shows Django's debug page for every error; a missing page gets the site's own 404
# page instead, as visitors see it (tracebacks of other errors keep the debug page).
MIDDLEWARE = [*MIDDLEWARE, "coil_platform.errors.NotFoundPageMiddleware"]  # noqa: F405
SECRET_KEY = env("SECRET_KEY", "django-insecure-development-key-not-for-production")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not env("EMAIL_URL") and not env("EMAIL_PROVIDER"):
    # E-mails are printed where `make run` runs, unless a real server is configured.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
