from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Course modules")

    def ready(self):
        from . import signal_handlers  # noqa: F401
