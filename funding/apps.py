from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding calls")

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 - connects the receivers
