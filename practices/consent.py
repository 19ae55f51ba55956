"""Teachers' consent to publishing an example made from their module.

An example created from a completed module names the module's teachers; each of them
is asked, and the example may go live only when all have agreed. Consents belong to
the example as a whole: a Swedish translation needs the same consents as the English
original. Which consents an example still needs, and giving one, are answered by the models
(`GoodPracticePage.consents_asked()`, `.consent_error()`, `.give_consent()` and
`GoodPracticePage.objects.awaiting_consent_of()`); this module asks the teachers and says
who may see the consents.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import CURATE_PERMISSION, ExampleConsent


def request_consents(page, module, creator):
    """Ask every teacher of the module; the teacher who made the example has agreed."""
    teacher_ids = set(module.teachers.values_list("user_id", flat=True))
    now = timezone.now()
    for teacher in get_user_model().objects.filter(pk__in=teacher_ids).order_by("pk"):
        ExampleConsent.objects.get_or_create(
            page=page,
            teacher=teacher,
            defaults={"consented_at": now if teacher.pk == creator.pk else None},
        )


def may_see_consents(page, user):
    """Who may open an example's consent page: the teachers asked, its owner and editors."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm(CURATE_PERMISSION):
        return True
    if page.owner_id == user.pk:
        return True
    return page.consents_asked().filter(teacher=user).exists()
