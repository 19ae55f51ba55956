from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practice")

    def ready(self):
        from . import signal_handlers  # noqa: F401, PLC0415 - connects the receivers
