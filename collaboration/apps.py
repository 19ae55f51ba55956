from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = _("Collaboration")

    def ready(self):
        from modules.access import participant_checks

        from . import signals  # noqa: F401 - connects the receivers

        participant_checks.append(is_enrolled)


def is_enrolled(module, user):
    """Enrolled students take part in a module's sessions (and see their online links)."""
    from .models import Enrolment

    return Enrolment.objects.filter(module=module, student=user).exists()
