"""The allocation of a call by draw: its secret seed, the frozen eligible list, the draw.

Every write to a `Draw` goes here; views check who may act (`permissions.py`) first.
The algorithm itself is `draw.py`; docs/funding.md, "The draw and how to check it", is the
contract.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import decisions
from . import draw as algorithm
from .checks import instant_in_words
from .choices import Allocation, ApplicationState
from .models import Application, CallPage, Draw


class DrawRefused(Exception):
    """What a manager asked for cannot be done; the message says why, in their language."""


def ensure_draw(call, *, ranked=False):
    """The draw of `call` (its original), made with a fresh secret seed if it has none.

    None for calls ranked by review alone, unless `ranked`: their row then only keeps the
    order of the decision (`reviews.py`), its seed unused. A call ranked by review with a
    draw as tie-break has its seed from the start, as a draw does. The seed is chosen once:
    a second call, or a concurrent one, finds the first's.
    """
    call = call.original()
    if call.allocation == Allocation.REVIEW and not ranked:
        return None
    existing = Draw.objects.filter(call=call).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Draw.objects.create(call=call, seed=algorithm.new_seed())
    except IntegrityError:
        return Draw.objects.get(call=call)


def record_of(call):
    """The `draw.json` record of `call`: the seed only once drawn."""
    call = call.original()
    draw = ensure_draw(call)
    return algorithm.draw_record(
        call.code,
        call.places or 0,
        draw.seed,
        draw.beacon,
        draw.eligible,
        draw.drawn_at,
    )


def eligible_references(call):
    """References of the submitted applications whose frozen formal checks all pass."""
    return sorted(
        application.reference
        for application in Application.objects.filter(call=call, state=ApplicationState.SUBMITTED)
        if application.frozen_checks and all(check["passed"] for check in application.frozen_checks)
    )


def _locked_draw(call):
    call = call.original()
    if call.allocation != Allocation.DRAW:
        raise DrawRefused(_("This call is not allocated by draw."))
    ensure_draw(call)
    return call, Draw.objects.select_for_update().get(call=call)


@transaction.atomic
def set_beacon(call, beacon, by, *, now=None):
    """Announce the public beacon; only before the call opens, so nobody can choose it late."""
    now = now or timezone.now()
    call, draw = _locked_draw(call)
    if now >= call.opens_at:
        raise DrawRefused(_("The call has opened; its beacon can no longer be changed."))
    draw.beacon = beacon.strip()
    draw.save(update_fields=["beacon"])
    return draw


@transaction.atomic
def freeze_eligible(call, by, *, now=None):
    """Freeze the eligible list: only after the deadline, and only once."""
    now = now or timezone.now()
    call, draw = _locked_draw(call)
    if now <= call.deadline:
        raise DrawRefused(
            _("The deadline, %(deadline)s, has not passed; the eligible list cannot be frozen yet.")
            % {"deadline": instant_in_words(call.deadline)}
        )
    if draw.eligible is not None:
        raise DrawRefused(
            _("The eligible list was frozen on %(when)s; it cannot be changed.")
            % {"when": instant_in_words(draw.frozen_at)}
        )
    references = algorithm.eligible_list(eligible_references(call))
    updated = Draw.objects.filter(pk=draw.pk, eligible__isnull=True).update(
        eligible=references,
        eligible_hash=algorithm.eligible_hash(references),
        frozen_at=now,
        frozen_by=by,
    )
    if updated != 1:  # pragma: no cover - the row lock above already serialises this
        raise DrawRefused(_("The eligible list has already been frozen."))
    draw.refresh_from_db()
    return draw


@transaction.atomic
def run_draw(call, by, *, now=None):
    """Draw: only after the deadline and the freezing, and only once.

    The draw's row is locked and written only while it is not drawn yet, so two managers
    drawing at once make one draw; the other is told it has been made. The first `places`
    of the order are awarded, the rest wait, each change recorded with who and when, and
    each applicant is told the outcome (`decisions.py`).
    """
    now = now or timezone.now()
    call, draw = _locked_draw(call)
    if now <= call.deadline:
        raise DrawRefused(_("The deadline has not passed; the draw cannot be made yet."))
    if draw.drawn_at is not None:
        raise DrawRefused(
            _("The draw was made on %(when)s; it cannot be made again.")
            % {"when": instant_in_words(draw.drawn_at)}
        )
    if draw.eligible is None:
        raise DrawRefused(_("Freeze the eligible list first; the draw is made among it."))
    if not call.places:
        raise DrawRefused(_("The call has no number of places to draw."))
    now = now.replace(microsecond=0)  # draw.json gives the time to the second
    order = algorithm.order(draw.seed, draw.beacon, draw.eligible)
    updated = Draw.objects.filter(pk=draw.pk, drawn_at__isnull=True).update(
        order=order, drawn_at=now, drawn_by=by
    )
    if updated != 1:  # pragma: no cover - the row lock above already serialises this
        raise DrawRefused(_("The draw has already been made."))
    settle_in_order(call, order, call.places, by, now)
    draw.refresh_from_db()
    return draw


def settle_in_order(call, order, places, by, now):
    """Decide `call` at `now`: the first `places` of `order` are awarded, the rest wait.

    Sets `decided_at` on every translation; each change is recorded with who and when,
    and each applicant is told the outcome (`decisions.py`). The draw and the decision by
    review scores (`reviews.py`) both end here.
    """
    CallPage.objects.filter(translation_key=call.translation_key).update(decided_at=now)
    awarded = set(order[:places])
    # One withdrawn since the freezing keeps its place in the order but stays withdrawn.
    for application in Application.objects.select_for_update().filter(
        call=call, reference__in=order, state=ApplicationState.SUBMITTED
    ):
        if application.reference in awarded:
            decisions.offer_place(application, by, now)  # and tells its applicants
        else:
            decisions.put_on_waiting_list(application, by, now)
    decisions.tell_waiting(call, order)
