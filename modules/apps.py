from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Course modules")

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from . import signal_handlers  # noqa: F401
        from .permission_policy import ModulePagePermissionPolicy

        # Every page: Wagtail's admin asks the policy registered for Page.
        register_permission_policy(Page, ModulePagePermissionPolicy(Page))
