"""Review pages: the reviewer's list and score form, the managers' assignments and decision.

Reviewers reach only the applications assigned to them (`permissions.assigned_review`,
404 otherwise); the managers' page is for those who manage the call (404 otherwise).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration.refusals import page

from . import draw as algorithm
from . import reviews
from .allocation import eligible_references
from .choices import Allocation, ApplicationState
from .forms_reviews import AssignForm, ScoreForm
from .models import Application, ApplicationFile, CallPage, Draw
from .permissions import assigned_review, assigned_reviews, may_manage_call


@login_required
@page
def review_list(request):
    """The applications assigned to the signed-in reviewer, and nothing else."""
    assigned = (
        assigned_reviews(request.user)
        .select_related("application__call", "application__institution")
        .order_by("application__call_id", "application__reference")
    )
    return render(request, "funding/review_list.html", {"reviews": assigned})


def review_page(request, review, *, form=None, status=200):
    application = review.application
    call = application.call
    criteria = reviews.criteria(call)
    initial = {**review.scores, "comment": review.comment}
    categories = {category.id: category for category in call.categories()}
    context = {
        "review": review,
        "application": application,
        "call": call,
        "call_page": call.localized,
        "criteria": criteria,
        "form": form or ScoreForm(criteria=criteria, initial=initial),
        # Reviewers judge the group by its people and roles; they need no e-mail address.
        "members": [
            (member, categories.get(member.category)) for member in application.members.all()
        ],
        "files": {f.question: f for f in application.files.all()},
        "may_change": call.decided_at is None,
    }
    return render(request, "funding/review.html", context, status=status)


@login_required
@page
def review(request, pk):
    review = assigned_review(request.user, pk)
    if request.method != "POST":
        return review_page(request, review)
    criteria = reviews.criteria(review.application.call)
    form = ScoreForm(request.POST, criteria=criteria)
    if not form.is_valid():
        return review_page(request, review, form=form, status=400)
    submit = request.POST.get("action") == "submit"
    try:
        reviews.save_review(review, form.scores(), form.cleaned_data["comment"], submit=submit)
    except reviews.ReviewRefused as refusal:
        messages.error(request, str(refusal))
        return review_page(request, review, form=form, status=400)
    messages.success(
        request, _("The review is submitted.") if submit else _("The review is saved.")
    )
    return redirect("funding:review", pk=pk)


@login_required
@page
def review_file(request, pk, file_id):
    review = assigned_review(request.user, pk)
    attachment = get_object_or_404(ApplicationFile, pk=file_id, application=review.application)
    return FileResponse(attachment.file.open("rb"), as_attachment=True)


def managed_ranked_call(user, call_id):
    call = get_object_or_404(CallPage, pk=call_id).original()
    if not may_manage_call(user, call) or not reviews.is_ranked(call):
        raise Http404
    return call


@login_required
@page
def call_reviews(request, call_id):
    return reviews_page(request, managed_ranked_call(request.user, call_id))


def reviews_page(request, call, *, assign_form=None, assign_to=None, status=200):
    """The managers' page: reviewers per submitted application, scores, the decision."""
    summaries = reviews.summaries(call)
    draw = Draw.objects.filter(call=call).first()
    decided = call.decided_at is not None
    # Once decided, the eligible are those the decision froze (now awarded or waiting).
    eligible = set(draw.eligible or []) if decided and draw else set(eligible_references(call))
    applications = (
        Application.objects.filter(call=call)
        .exclude(state__in=[ApplicationState.DRAFT, ApplicationState.WITHDRAWN])
        .select_related("institution")
        .prefetch_related("reviews__reviewer")
    )
    rows = [
        {
            "application": application,
            "eligible": application.reference in eligible,
            "summary": summaries.get(application.pk),
            "reviews": list(application.reviews.all()),
            "form": assign_form if assign_to == application.pk else AssignForm(),
        }
        for application in applications
    ]
    if decided and draw:
        position = {reference: index for index, reference in enumerate(draw.order)}
        rows.sort(key=lambda row: position.get(row["application"].reference, len(position)))
        for row in rows:
            rank = position.get(row["application"].reference)
            row["rank"] = None if rank is None else rank + 1
    means = {
        row["application"].reference: row["summary"].mean
        for row in rows
        if row["eligible"] and row["summary"]
    }
    now = timezone.now()
    with_draw = call.allocation == Allocation.REVIEW_WITH_DRAW
    context = {
        "call": call,
        "call_page": call.localized,
        "rows": rows,
        "criteria": reviews.criteria(call),
        "tied": reviews.tied(means),
        "with_draw": with_draw,
        "draw": draw,
        "commitment": algorithm.commitment(draw.seed) if draw else "",
        "rank_keys": rank_keys(draw) if decided and with_draw else {},
        "decided": decided,
        "may_assign": now > call.deadline and not decided,
        "may_decide": now > call.deadline and not decided,
        "here": reverse("funding:call-reviews", args=[call.pk]),
    }
    return render(request, "funding/review_call.html", context, status=status)


def rank_keys(draw):
    """Each eligible reference's rank key in the call's draw, as the documentation checks it."""
    if not draw.eligible:
        return {}
    key = algorithm.draw_key(draw.seed, draw.beacon, draw.eligible_hash)
    return {reference: algorithm.rank_key(key, reference) for reference in draw.eligible}


@login_required
@require_POST
@page
def assign(request, call_id, pk):
    call = managed_ranked_call(request.user, call_id)
    application = get_object_or_404(Application, pk=pk, call=call)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            reviewer = reviews.find_reviewer(form.cleaned_data["reviewer"])
            reviews.assign(application, reviewer, request.user)
        except reviews.ReviewRefused as refusal:
            form.add_error("reviewer", str(refusal))
    if not form.is_valid():
        return reviews_page(request, call, assign_form=form, assign_to=application.pk, status=400)
    messages.success(
        request,
        _("%(name)s reviews %(reference)s.")
        % {"name": reviewer.name, "reference": application.reference},
    )
    return redirect("funding:call-reviews", call_id=call.pk)


@login_required
@require_POST
@page
def decide(request, call_id):
    call = managed_ranked_call(request.user, call_id)
    try:
        reviews.decide_by_scores(call, request.user)
    except reviews.ReviewRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("funding:call-reviews", call_id=call.pk)
    messages.success(request, _("The call is decided by the review scores."))
    return redirect("funding:call-reviews", call_id=call.pk)
