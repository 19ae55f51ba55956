"""The applicant's pages (draft, project group, submission) and the managers' table."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration.participation import spreadsheet_safe
from collaboration.refusals import page, refusal_page

from . import decisions, reports, reviews, services
from .checks import CHECK_KEYS, CHECK_LABELS, shown_checks
from .choices import ApplicationState
from .forms import AnswersForm, MemberForm
from .models import Application, ApplicationFile, CallPage, ReportState
from .permissions import is_coordinator, may_manage_call, own_application, viewable_application


@login_required
@require_POST
@page
def start(request, call_id):
    """Start the coordinator's institution's application to the call (or open its draft)."""
    call = get_object_or_404(CallPage.objects.live(), pk=call_id).original()
    if not is_coordinator(request.user):
        return refusal_page(
            request, _("Coordinators apply for their own institution; ask yours to apply.")
        )
    try:
        application = services.start_application(call, request.user.institution, request.user)
    except services.ApplicationRefused as refusal:
        return refusal_page(request, str(refusal), status=400)
    return redirect(application.get_absolute_url())


def answers_form(application, data=None, files=None):
    return AnswersForm(
        data,
        files,
        questions=application.call.question_list(),
        files_given={f.question for f in application.files.all()},
        initial=application.answers,
    )


def application_page(request, application, *, form=None, member_form=None, status=200):
    call = application.call
    editable = (
        application.state == ApplicationState.DRAFT
        and is_coordinator(request.user)
        and application.institution_id == request.user.institution_id
    )
    categories = {category.id: category for category in call.categories()}
    context = {
        "application": application,
        "call": call,
        "call_page": call.localized,
        "checks": shown_checks(application),
        "members": [
            (member, categories.get(member.category)) for member in application.members.all()
        ],
        "files": {f.question: f for f in application.files.all()},
        "editable": editable,
        "form": form or answers_form(application),
        "member_form": member_form or MemberForm(categories=call.categories()),
        "events": application.events.select_related("actor"),
        "funder_zone": call.funder.tzinfo,
        "report_status": reports.status(application),
        # The buttons show only while the answer is possible; the service decides anyway.
        "may_answer": application.state == ApplicationState.AWARDED
        and is_coordinator(request.user)
        and application.institution_id == request.user.institution_id
        and (application.answer_by is None or timezone.now() <= application.answer_by),
    }
    return render(request, "funding/application.html", context, status=status)


@login_required
@page
def application(request, pk):
    if request.method != "POST":
        return application_page(request, viewable_application(request.user, pk))
    application = own_application(request.user, pk)
    form = answers_form(application, request.POST, request.FILES)
    title = request.POST.get("title", "").strip()[:200]
    if not form.is_valid():
        return application_page(request, application, form=form, status=400)
    files = {q.id: form.cleaned_data[q.id] for q in form.questions if q.kind == "file"}
    try:
        services.save_draft(
            application,
            title=title,
            answers=form.answers(),
            files={key: upload for key, upload in files.items() if upload},
        )
    except services.ApplicationRefused as refusal:
        return refusal_page(request, str(refusal), status=400)
    messages.success(request, _("The draft is saved."))
    return redirect(application.get_absolute_url())


@login_required
@require_POST
@page
def add_member(request, pk):
    application = own_application(request.user, pk)
    form = MemberForm(request.POST, categories=application.call.categories())
    if not form.is_valid():
        return application_page(request, application, member_form=form, status=400)
    try:
        services.add_member(application, **form.cleaned_data)
    except services.ApplicationRefused as refusal:
        return refusal_page(request, str(refusal), status=400)
    return redirect(application.get_absolute_url() + "#project-group")


@login_required
@require_POST
@page
def remove_member(request, pk, member_id):
    application = own_application(request.user, pk)
    get_object_or_404(application.members, pk=member_id)
    try:
        services.remove_member(application, member_id)
    except services.ApplicationRefused as refusal:
        return refusal_page(request, str(refusal), status=400)
    return redirect(application.get_absolute_url() + "#project-group")


@login_required
@require_POST
@page
def submit(request, pk):
    application = own_application(request.user, pk)
    try:
        services.submit_application(application, request.user)
    except services.ApplicationRefused as refusal:
        messages.error(request, str(refusal))
        application.refresh_from_db()
        return application_page(request, application, status=400)
    messages.success(request, _("The application is submitted."))
    return redirect(application.get_absolute_url())


@login_required
@require_POST
@page
def withdraw(request, pk):
    application = own_application(request.user, pk)
    try:
        services.withdraw_application(application, request.user)
    except services.ApplicationRefused as refusal:
        return refusal_page(request, str(refusal), status=400)
    messages.success(request, _("The application is withdrawn."))
    return redirect(application.get_absolute_url())


def answer_place(request, pk, answer, done):
    application = own_application(request.user, pk)
    try:
        answer(application, request.user)
    except services.ApplicationRefused as refusal:
        messages.error(request, str(refusal))
        application.refresh_from_db()
        return application_page(request, application, status=400)
    messages.success(request, done)
    return redirect(application.get_absolute_url())


@login_required
@require_POST
@page
def accept(request, pk):
    return answer_place(request, pk, decisions.accept_place, _("You accepted the place."))


@login_required
@require_POST
@page
def decline(request, pk):
    return answer_place(request, pk, decisions.decline_place, _("You declined the place."))


@login_required
@page
def download_file(request, pk, file_id):
    application = viewable_application(request.user, pk)
    attachment = get_object_or_404(ApplicationFile, pk=file_id, application=application)
    return FileResponse(attachment.file.open("rb"), as_attachment=True)


@login_required
@page
def call_applications(request, call_id):
    """The managers' table: every application of the call with its checks; CSV with ?format=csv.

    Filters: ?state=<state>, ?failing=<check key> (or ?passing=all for those passing every check),
    ?report=<report state>, "none" (not started) or "overdue".
    """
    call = get_object_or_404(CallPage, pk=call_id).original()
    if not may_manage_call(request.user, call):
        raise Http404
    state = request.GET.get("state", "")
    failing = request.GET.get("failing", "")
    report = request.GET.get("report", "")
    if (
        (state and state not in ApplicationState.values)
        or (failing and failing not in [*CHECK_KEYS, "none"])
        or (report and report not in [*ReportState.values, "none", "overdue"])
    ):
        return refusal_page(
            request,
            _("That filter is not one of those offered."),
            title=_("Unknown filter"),
            status=400,
        )
    applications = (
        Application.objects.filter(call=call)
        .select_related("institution", "call__funder")
        .prefetch_related("members", "files")
    )
    if state:
        applications = applications.filter(state=state)
    rows = []
    report_statuses = reports.statuses(list(applications))
    for row in applications:
        checks = shown_checks(row)
        failed = {check.key for check in checks if not check.passed}
        if (failing == "none" and failed) or (
            failing not in ("", "none") and failing not in failed
        ):
            continue
        report_status = report_statuses.get(row.pk)
        if report and not (
            report_status
            and (
                (report == "overdue" and report_status.overdue)
                or (report == "none" and report_status.report is None)
                or report == report_status.state
            )
        ):
            continue
        rows.append((row, checks, report_status))
    # Review scores, for the managers of a call ranked by them (views_reviews.py).
    scores = reviews.summaries(call) if reviews.is_ranked(call) else None
    if request.GET.get("format") == "csv":
        return applications_csv(call, rows, scores)
    context = {
        "call": call,
        "call_page": call.localized,
        "rows": rows,
        "states": ApplicationState.choices,
        "check_filters": [(key, CHECK_LABELS[key]) for key in CHECK_KEYS],
        "state": state,
        "failing": failing,
        "report": report,
        "report_states": ReportState.choices,
        "reported": reports.reported_for_call(call),
        "query": request.GET.urlencode(),
        "scores": scores,
    }
    return render(request, "funding/call_applications.html", context)


def applications_csv(call, rows, scores=None):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{call.code}-applications.csv"'
    writer = csv.writer(response)
    zone = timezone.get_current_timezone_name()
    writer.writerow(
        [
            _("Reference"),
            _("Institution"),
            _("Country"),
            _("Project title"),
            _("State"),
            _("Submitted (%(zone)s)") % {"zone": zone},
            *(str(CHECK_LABELS[key]) for key in CHECK_KEYS),
            _("Reasons of failed checks"),
            _("Final report"),
            _("Final report overdue"),
            *(str(label) for label in reports.FIGURES.values()),
            *((_("Reviews"), _("Average score")) if scores is not None else ()),
        ]
    )
    for application, checks, report_status in rows:
        report = report_status.report if report_status else None
        figures = [
            getattr(report, name) if report and getattr(report, name) is not None else ""
            for name in reports.FIGURES
        ]
        if figures[-1] != "":
            figures[-1] = f"{call.currency} {figures[-1]}"
        by_key = {check.key: check for check in checks}
        submitted = application.submitted_at
        writer.writerow(
            spreadsheet_safe(str(cell))
            for cell in [
                application.reference,
                application.institution.name,
                application.institution.country.code,
                application.title,
                application.get_state_display(),
                timezone.localtime(submitted).isoformat() if submitted else "",
                *(_("passed") if by_key[key].passed else _("failed") for key in CHECK_KEYS),
                " ".join(check.reason for check in checks if not check.passed),
                report_status.label if report_status else "",
                (_("yes") if report_status.overdue else _("no")) if report_status else "",
                *figures,
                *(reviews.csv_cells(scores.get(application.pk)) if scores is not None else ()),
            ]
        )
    return response
