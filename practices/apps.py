from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practice")

    def ready(self):
        from home.models import home_page_sections

        from . import signal_handlers  # noqa: F401
        from .home_sections import featured_examples, latest_modules

        for section in (featured_examples, latest_modules):
            if section not in home_page_sections:
                home_page_sections.append(section)
