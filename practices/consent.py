"""Teachers' consent to publishing an example made from their module.

An example created from a completed module names the module's teachers; each of them
is asked, and the example may go live only when all have agreed. Consents belong to
the example as a whole, so they are looked up through the translation key: a Swedish
translation needs the same consents as the English original.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from .models import CURATE_PERMISSION, ExampleConsent, GoodPracticePage, TeacherConsentTask


def consents_for(page):
    """Every consent asked for this example (in any of its languages), oldest first."""
    return ExampleConsent.objects.filter(page__translation_key=page.translation_key).order_by("pk")


def pending_consents(page):
    return consents_for(page).filter(consented_at__isnull=True)


def consent_error(page):
    """A sentence explaining why the example may not be published yet, or None."""
    waiting = [consent.teacher.name for consent in pending_consents(page).select_related("teacher")]
    if not waiting:
        return None
    return _(
        "This example can be published only when every teacher of its course module has "
        "consented. Still waiting for: %(names)s."
    ) % {"names": get_text_list(waiting, _("and"))}


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


def pages_awaiting_consent_of(user):
    """Examples (in every language) on which this user's consent is still missing."""
    keys = ExampleConsent.objects.filter(teacher=user, consented_at__isnull=True).values(
        "page__translation_key"
    )
    return GoodPracticePage.objects.filter(translation_key__in=keys)


@transaction.atomic
def give_consent(page, user):
    """Record the user's consent; when it was the last one, move the review workflow on.

    Raises PermissionDenied when the user was not asked (or has already agreed).
    """
    updated = pending_consents(page).filter(teacher=user).update(consented_at=timezone.now())
    if not updated:
        raise PermissionDenied(_("Your consent is not needed for this example."))
    if not pending_consents(page).exists():
        page_ids = page.translations_and_self().values_list("pk", flat=True)
        waiting = TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            task__in=TeacherConsentTask.objects.all(),
            workflow_state__object_id__in=[str(pk) for pk in page_ids],
        )
        for task_state in waiting:
            task_state.approve(user=user)
    return updated


def may_see_consents(page, user):
    """Who may open an example's consent page: the teachers asked, its owner and editors."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm(CURATE_PERMISSION):
        return True
    if page.owner_id == user.pk:
        return True
    return consents_for(page).filter(teacher=user).exists()
