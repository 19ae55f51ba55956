"""Decisions after an allocation: offering places, accepting, declining, lapsing.

Every change of an awarded or waiting application goes here, each recorded with who and
when. Each change takes the lock on the call's draw row first (as the draw does), so two
declines at once, or a decline and the lapse task, settle one after the other: each
promotes the next waiting application, never the same one twice.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import COORDINATORS
from notifications.services import notify

from .checks import instant_in_words
from .choices import ApplicationState
from .models import Application, Draw
from .services import ApplicationRefused, record


def offer_place(application, actor, now, *, kind="funding_awarded"):
    """Award `application` a place, to be answered within the call's `acceptance_days`."""
    before = application.state
    application.state = ApplicationState.AWARDED
    application.answer_by = now + datetime.timedelta(days=application.call.acceptance_days)
    application.save(update_fields=["state", "answer_by", "updated_at"])
    record(application, actor, before, ApplicationState.AWARDED, now)
    tell(application, kind, deadline=application.answer_by.isoformat())


def put_on_waiting_list(application, actor, now):
    before = application.state
    application.state = ApplicationState.WAITING
    application.save(update_fields=["state", "updated_at"])
    record(application, actor, before, ApplicationState.WAITING, now)


def tell_waiting(call, order):
    """Tell each waiting application its number on the waiting list (1 is the next)."""
    for number, application in enumerate(waiting_in_order(call, order), start=1):
        tell(application, "funding_waiting", position=number)


def waiting_in_order(call, order):
    """The call's waiting applications, in the draw's order."""
    position = {reference: index for index, reference in enumerate(order)}
    waiting = Application.objects.select_for_update().filter(
        call=call, state=ApplicationState.WAITING
    )
    return sorted(waiting, key=lambda a: position.get(a.reference, len(position)))


def people_to_tell(application):
    """The coordinators of the application's institution and whoever started it."""
    people = set(
        get_user_model()
        .objects.filter(institution_id=application.institution_id, groups__name=COORDINATORS)
        .values_list("pk", flat=True)
    )
    if application.created_by_id:
        people.add(application.created_by_id)
    return people


def tell(application, kind, **params):
    # The call is named by its page (its title in each reader's language); the link is
    # the application's page.
    notify(
        kind,
        people_to_tell(application),
        target=application.get_absolute_url(),
        about=application.call,
        reference=application.reference,
        **params,
    )


def _locked(application):
    """The draw's row (or None) and the application's, locked in that order."""
    call_id = Application.objects.values_list("call_id", flat=True).get(pk=application.pk)
    draw = Draw.objects.select_for_update().filter(call_id=call_id).first()
    application = (
        Application.objects.select_for_update()
        .select_related("call__funder")
        .get(pk=application.pk)
    )
    return application, draw


def _require_open_offer(application, now):
    if application.state in (ApplicationState.ACCEPTED, ApplicationState.DECLINED):
        raise ApplicationRefused(
            _("The place has already been answered (%(state)s).")
            % {"state": application.get_state_display()}
        )
    if application.state != ApplicationState.AWARDED:
        raise ApplicationRefused(_("Only an awarded place can be accepted or declined."))
    # None: awarded before answer deadlines existed; such a place has no deadline.
    if application.answer_by is not None and now > application.answer_by:
        raise ApplicationRefused(
            _(
                "The answer deadline, %(deadline)s, has passed; "
                "the place can no longer be accepted or declined."
            )
            % {"deadline": instant_in_words(application.answer_by)}
        )


def _settle(application, actor, state, now):
    before = application.state
    application.state = state
    application.save(update_fields=["state", "updated_at"])
    record(application, actor, before, state, now)


def _promote_next(call, draw, now):
    """Offer the freed place to the first on the waiting list, if anyone waits."""
    waiting = waiting_in_order(call, draw.order if draw else [])
    if waiting:
        # The platform moves it, not the one who freed the place: no actor.
        offer_place(waiting[0], None, now, kind="funding_promoted")
        return waiting[0]
    return None


@transaction.atomic
def accept_place(application, actor, *, now=None):
    """Accept an awarded place, up to and including its answer deadline."""
    now = now or timezone.now()
    application, _draw = _locked(application)
    _require_open_offer(application, now)
    _settle(application, actor, ApplicationState.ACCEPTED, now)
    return application


@transaction.atomic
def decline_place(application, actor, *, now=None):
    """Decline an awarded place; it is offered to the first on the waiting list."""
    now = now or timezone.now()
    application, draw = _locked(application)
    _require_open_offer(application, now)
    _settle(application, actor, ApplicationState.DECLINED, now)
    _promote_next(application.call, draw, now)
    return application


def lapse_unanswered(now=None):
    """Lapse every awarded place whose answer deadline has passed and promote the next.

    Each is settled in its own transaction under the locks, checked again there, so that
    running this twice (or beside a decline) lapses and promotes each only once.
    Returns how many lapsed.
    """
    now = now or timezone.now()
    due = Application.objects.filter(state=ApplicationState.AWARDED, answer_by__lt=now)
    lapsed = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            application, draw = _locked(Application(pk=pk))
            if application.state != ApplicationState.AWARDED or application.answer_by >= now:
                continue  # answered or lapsed by another run meanwhile
            _settle(application, None, ApplicationState.LAPSED, now)
            _promote_next(application.call, draw, now)
            lapsed += 1
    return lapsed
