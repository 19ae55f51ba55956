from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Course modules")

    def ready(self):
        # These import models, which can only be loaded once every app is ready.
        from wagtail.models import Page  # noqa: PLC0415
        from wagtail.permissions import register_permission_policy  # noqa: PLC0415

        from . import signal_handlers  # noqa: F401, PLC0415
        from .permission_policy import ModulePagePermissionPolicy  # noqa: PLC0415

        # Every page: Wagtail's admin asks the policy registered for Page.
        register_permission_policy(Page, ModulePagePermissionPolicy(Page))
