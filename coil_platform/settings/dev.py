from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "django-insecure-development-key-not-for-production")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# E-mails (password reset links, for one) are printed to the console instead of sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
