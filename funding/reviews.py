"""Review and scores of calls allocated by merit: assigning reviewers, scoring, deciding.

Every write to a `Review` goes here, and the decision by scores; views check who may act
(`permissions.py`) first. The decision ends as the draw does (`allocation.settle_in_order`);
the tie-break of a call ranked with a draw among tied ones is the draw of `draw.py`.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notifications.services import notify

from . import allocation
from . import draw as algorithm
from .checks import instant_in_words
from .choices import Allocation, ApplicationState
from .models import CallPage, Draw, Review
from .permissions import REVIEWERS

RANKED = (Allocation.REVIEW, Allocation.REVIEW_WITH_DRAW)


class ReviewRefused(Exception):
    """What a manager or reviewer asked for cannot be done; the message says why."""


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    description: str
    maximum: int


@dataclass(frozen=True)
class Summary:
    """The submitted reviews of one application: how many, and the mean of their totals."""

    count: int
    mean: Fraction | None  # exact, for ranking

    @property
    def average(self):
        """The mean to one decimal (half up), as shown: None without a submitted review."""
        if self.mean is None:
            return None
        value = Decimal(self.mean.numerator) / Decimal(self.mean.denominator)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def is_ranked(call):
    return call.allocation in RANKED


def criteria(call):
    return [
        Criterion(
            id=block.id,
            name=block.value["name"],
            description=block.value.get("description") or "",
            maximum=block.value["maximum"],
        )
        for block in call.criteria
    ]


def score_problems(call, scores):
    """What is wrong with `scores` ({criterion id: value}) for `call`, in words; [] if none."""
    problems = []
    for criterion in criteria(call):
        value = scores.get(criterion.id)
        if value is None:
            problems.append(_("%(criterion)s: give a score.") % {"criterion": criterion.name})
        elif isinstance(value, bool) or not isinstance(value, int):
            problems.append(
                _("%(criterion)s: the score must be a whole number.")
                % {"criterion": criterion.name}
            )
        elif not 0 <= value <= criterion.maximum:
            problems.append(
                _("%(criterion)s: %(score)s is out of range; the score is from 0 to %(maximum)s.")
                % {"criterion": criterion.name, "score": value, "maximum": criterion.maximum}
            )
    return problems


def find_reviewer(text):
    """The member of the Reviewers group with this username or e-mail address."""
    text = (text or "").strip()
    people = get_user_model().objects.filter(groups__name=REVIEWERS)
    found = people.filter(Q(username=text) | Q(email__iexact=text)).distinct()[:2] if text else []
    if len(found) != 1:
        raise ReviewRefused(
            _("Nobody in the Reviewers group has the username or e-mail address “%(text)s”.")
            % {"text": text}
        )
    return found[0]


def _require_ranked(call):
    if not is_ranked(call):
        raise ReviewRefused(_("This call is not ranked by review scores."))


@transaction.atomic
def assign(application, reviewer, by, *, now=None):
    """Assign `reviewer` to `application`: after the deadline, before the decision, once.

    Refused for someone of the applicant institution (a conflict of interest).
    """
    now = now or timezone.now()
    call = application.call
    _require_ranked(call)
    if now <= call.deadline:
        raise ReviewRefused(
            _("Reviewers are assigned after the deadline, %(deadline)s.")
            % {"deadline": instant_in_words(call.deadline)}
        )
    if call.decided_at is not None:
        raise ReviewRefused(_("The call has been decided; no more reviewers can be assigned."))
    if application.state != ApplicationState.SUBMITTED:
        raise ReviewRefused(_("Only submitted applications are reviewed."))
    if reviewer.institution_id is not None and reviewer.institution_id == (
        application.institution_id
    ):
        raise ReviewRefused(
            _(
                "%(name)s belongs to %(institution)s, the applicant: a conflict of interest. "
                "Choose a reviewer from another institution."
            )
            % {"name": reviewer.name, "institution": application.institution}
        )
    review, made = Review.objects.get_or_create(
        application=application,
        reviewer=reviewer,
        defaults={"assigned_by": by, "assigned_at": now},
    )
    if not made:
        raise ReviewRefused(
            _("%(name)s is already a reviewer of %(reference)s.")
            % {"name": reviewer.name, "reference": application.reference}
        )
    notify(
        "funding_review_assigned",
        [reviewer],
        actor=by,
        target=reverse("funding:review", args=[application.pk]),
        about=call,
        reference=application.reference,
    )
    return review


@transaction.atomic
def save_review(review, scores, comment, *, submit, now=None):
    """Save the reviewer's scores and comment; `submit` makes them count.

    A submitted review stays submitted and may be changed until the call is decided.
    """
    now = now or timezone.now()
    review = Review.objects.select_for_update().get(pk=review.pk)
    call = CallPage.objects.get(pk=review.application.call_id)
    _require_ranked(call)
    if call.decided_at is not None:
        raise ReviewRefused(
            _("The call was decided on %(when)s; its reviews can no longer be changed.")
            % {"when": instant_in_words(call.decided_at)}
        )
    problems = score_problems(call, scores)
    if problems:
        raise ReviewRefused(" ".join(problems))
    known = {criterion.id for criterion in criteria(call)}
    review.scores = {key: value for key, value in scores.items() if key in known}
    review.comment = comment.strip()
    review.saved_at = now
    if submit or review.submitted_at:
        review.submitted_at = now
    review.save()
    return review


def summaries(call):
    """{application id: Summary} of the submitted reviews of the call's applications."""
    totals = {}
    for review in Review.objects.filter(application__call=call, submitted_at__isnull=False):
        totals.setdefault(review.application_id, []).append(review.total)
    return {
        pk: Summary(count=len(values), mean=Fraction(sum(values), len(values)))
        for pk, values in totals.items()
    }


def csv_cells(summary):
    """The number of submitted reviews and their average, in the reader's number format."""
    if summary is None:
        return [0, ""]
    return [summary.count, formats.number_format(summary.average, 1, use_l10n=True)]


def ranking(means, tie_order):
    """The references by mean score, highest first; tied ones in the order of `tie_order`.

    `means` is {reference: Fraction}; `tie_order` lists the same references. Only references
    with exactly the same mean are ordered by it: it never moves one past another's mean.
    """
    position = {reference: index for index, reference in enumerate(tie_order)}
    return sorted(means, key=lambda reference: (-means[reference], position[reference]))


def tie_order(call, draw, eligible):
    """The order that breaks ties: the call's draw (review with a draw), else the references."""
    if call.allocation == Allocation.REVIEW_WITH_DRAW:
        return algorithm.order(draw.seed, draw.beacon, eligible)
    return algorithm.eligible_list(eligible)


def tied(means):
    """The references that share their mean with another."""
    counts = Counter(means.values())
    return {reference for reference, mean in means.items() if counts[mean] > 1}


@transaction.atomic
def decide_by_scores(call, by, *, now=None):
    """Decide the call by its review scores: after the deadline, when every eligible
    application has a submitted review, and only once.

    The call's `Draw` row (the one the decisions after it lock) is locked and written only
    while nothing is decided, so two managers deciding at once make one decision. It keeps
    the frozen eligible list and the ranking, in which the first `places` (all when the call
    names no number) are awarded and the rest wait in order.
    """
    now = (now or timezone.now()).replace(microsecond=0)
    call = call.original()
    _require_ranked(call)
    allocation.ensure_draw(call, ranked=True)
    draw = Draw.objects.select_for_update().get(call=call)
    call = CallPage.objects.select_related("funder").get(pk=call.pk)
    if now <= call.deadline:
        raise ReviewRefused(
            _("The deadline, %(deadline)s, has not passed; the call cannot be decided yet.")
            % {"deadline": instant_in_words(call.deadline)}
        )
    if call.decided_at is not None or draw.drawn_at is not None:
        raise ReviewRefused(
            _("The call was decided on %(when)s; it cannot be decided again.")
            % {"when": instant_in_words(call.decided_at or draw.drawn_at)}
        )
    eligible = allocation.eligible_references(call)
    if not eligible:
        raise ReviewRefused(_("No application is eligible; there is nothing to decide."))
    by_reference = {
        application.reference: summaries(call).get(application.pk)
        for application in call.applications.filter(reference__in=eligible)
    }
    unreviewed = sorted(reference for reference, s in by_reference.items() if s is None)
    if unreviewed:
        raise ReviewRefused(
            _("These eligible applications have no submitted review yet: %(references)s.")
            % {"references": ", ".join(unreviewed)}
        )
    means = {reference: summary.mean for reference, summary in by_reference.items()}
    order = ranking(means, tie_order(call, draw, eligible))
    updated = Draw.objects.filter(pk=draw.pk, drawn_at__isnull=True).update(
        eligible=eligible,
        eligible_hash=algorithm.eligible_hash(eligible),
        frozen_at=now,
        frozen_by=by,
        order=order,
        drawn_at=now,
        drawn_by=by,
    )
    if updated != 1:  # pragma: no cover - the row lock above already serialises this
        raise ReviewRefused(_("The call has already been decided."))
    allocation.settle_in_order(call, order, call.places or len(order), by, now)
    draw.refresh_from_db()
    return draw
