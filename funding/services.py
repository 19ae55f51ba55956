"""Starting, changing and submitting applications: every write to an application goes here.

Views check who may act (`permissions.py`) before they call these.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .checks import formal_checks, instant_in_words
from .choices import ApplicationState
from .models import Application, ApplicationEvent, ApplicationFile, ReferenceCounter


class ApplicationRefused(Exception):
    """What a person asked for cannot be done; the message says why, in their language."""


def next_reference(call, now):
    """The next free reference of `call`: <CALL CODE>-<year>-<nnnn>, year in the funder's zone.

    The counter row is locked until the caller's transaction ends, so two applications
    started at once never get the same number; the unique reference is the last guard.
    """
    year = timezone.localtime(now, call.funder.tzinfo).year
    prefix = f"{call.code}-{year}"
    try:
        with transaction.atomic():
            ReferenceCounter.objects.get_or_create(prefix=prefix)
    except IntegrityError:
        pass  # made by a concurrent request in the meantime: use theirs
    counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{counter.last:04d}"


def record(application, actor, from_state, to_state, at):
    ApplicationEvent.objects.create(
        application=application, actor=actor, from_state=from_state, to_state=to_state, at=at
    )


def live_application(call, institution):
    return (
        Application.objects.filter(call=call, institution=institution)
        .exclude(state=ApplicationState.WITHDRAWN)
        .first()
    )


@transaction.atomic
def start_application(call, institution, actor, *, now=None):
    """The institution's live application to `call`, started as a draft if it has none.

    Two requests at once (a double click) both end on the one draft: the second one's
    insert meets the unique constraint, is undone with its reference number, and the draft
    the first one made is returned.
    """
    now = now or timezone.now()
    existing = live_application(call, institution)
    if existing:
        return existing
    if now > call.deadline:
        raise ApplicationRefused(_("The call has closed; no new applications can be started."))
    if now < call.opens_at:
        raise ApplicationRefused(_("The call has not opened yet."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                institution=institution,
                reference=next_reference(call, now),
                created_by=actor,
            )
    except IntegrityError:
        existing = live_application(call, institution)
        if existing is None:
            raise
        return existing
    record(application, actor, "", ApplicationState.DRAFT, now)
    return application


def require_draft(application):
    if application.state != ApplicationState.DRAFT:
        raise ApplicationRefused(_("Only a draft can be changed."))


@transaction.atomic
def save_draft(application, *, title, answers, files):
    """Store the title, the answers and any new files (a new file replaces the old one)."""
    require_draft(application)
    application.title = title
    application.answers = answers
    application.save(update_fields=["title", "answers", "updated_at"])
    for question_id, upload in files.items():
        ApplicationFile.objects.filter(application=application, question=question_id).delete()
        ApplicationFile.objects.create(application=application, question=question_id, file=upload)


def add_member(application, **fields):
    require_draft(application)
    return application.members.create(**fields)


def remove_member(application, member_id):
    require_draft(application)
    application.members.filter(pk=member_id).delete()


@transaction.atomic
def submit_application(application, actor, *, now=None):
    """Submit a complete draft before the deadline; its formal checks are frozen as they are.

    The server's clock decides, to the second: the deadline itself is on time, one second
    after is late.
    """
    now = now or timezone.now()
    application = Application.objects.select_for_update().get(pk=application.pk)
    require_draft(application)
    call = application.call
    if now > call.deadline:
        raise ApplicationRefused(
            _("The deadline, %(deadline)s, has passed; the application was not submitted.")
            % {"deadline": instant_in_words(call.deadline)}
        )
    if now < call.opens_at:
        raise ApplicationRefused(_("The call has not opened yet."))
    checks = {check.key: check for check in formal_checks(application, now=now)}
    if not checks["complete"].passed:
        raise ApplicationRefused(
            _("The application is not complete: %(reason)s") % {"reason": checks["complete"].reason}
        )
    application.state = ApplicationState.SUBMITTED
    application.submitted_at = now
    # Frozen with the time of submission, so that "in time" says when it was submitted.
    application.frozen_checks = [c.as_json() for c in formal_checks(application, now=now)]
    application.save(update_fields=["state", "submitted_at", "frozen_checks", "updated_at"])
    record(application, actor, ApplicationState.DRAFT, ApplicationState.SUBMITTED, now)
    return application


@transaction.atomic
def withdraw_application(application, actor, *, now=None):
    now = now or timezone.now()
    if application.state == ApplicationState.WITHDRAWN:
        raise ApplicationRefused(_("The application has already been withdrawn."))
    if application.call.decided_at is not None:
        raise ApplicationRefused(_("The call has been decided; ask its contacts instead."))
    before = application.state
    application.state = ApplicationState.WITHDRAWN
    application.save(update_fields=["state", "updated_at"])
    record(application, actor, before, ApplicationState.WITHDRAWN, now)
    return application
