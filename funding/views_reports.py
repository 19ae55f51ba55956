"""The final report's page: written by the applicant's coordinators, decided by the managers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration.refusals import page, refusal_page

from . import reports
from .forms_reports import ReportForm
from .models import ApplicationFile
from .permissions import may_decide_report, may_write_report, report_application
from .services import ApplicationRefused


def report_form(application, report, data=None, files=None):
    call = application.call
    initial = dict(report.answers) if report else {}
    if report:
        initial.update({name: getattr(report, name) for name in reports.FIGURES})
    return ReportForm(
        data,
        files,
        questions=call.report_question_list(),
        files_given=set(
            ApplicationFile.objects.filter(application=application).values_list(
                "question", flat=True
            )
        ),
        initial=initial,
        currency=call.currency,
    )


def no_report(request):
    return refusal_page(
        request,
        _("Only an application awarded a place has a final report."),
        title=_("No final report"),
        status=404,
    )


def report_page(request, application, *, form=None, status=200):
    report_status = reports.status(application)
    report = report_status.report
    writes = may_write_report(request.user, application)
    editable = writes and (report is None or report.state in reports.EDITABLE)
    call = application.call
    context = {
        "application": application,
        "call": call,
        "call_page": call.localized,
        "status": report_status,
        "report": report,
        "editable": editable,
        "form": form or (report_form(application, report) if editable else None),
        "may_decide": may_decide_report(request.user, application)
        and report is not None
        and report.state == reports.State.SUBMITTED,
        "questions": call.report_question_list(),
        "figures": [
            (label, getattr(report, name) if report else None, name == "amount_spent")
            for name, label in reports.FIGURES.items()
        ],
        "files": {f.question: f for f in application.files.all()},
        "events": report.events.select_related("actor") if report else [],
        "funder_zone": call.funder.tzinfo,
    }
    return render(request, "funding/report.html", context, status=status)


@login_required
@page
def report(request, pk):
    """GET: the report; POST (its coordinators): save it, or with action=submit submit it."""
    application = report_application(request.user, pk)
    if not reports.owes_report(application):
        return no_report(request)
    if request.method != "POST":
        return report_page(request, application)
    if not may_write_report(request.user, application):
        return refusal_page(
            request, _("The coordinators of the applicant institution write its report.")
        )
    current = reports.status(application, timezone.now()).report
    form = report_form(application, current, request.POST, request.FILES)
    if not form.is_valid():
        return report_page(request, application, form=form, status=400)
    files = {q.id: form.cleaned_data[q.id] for q in form.questions if q.kind == "file"}
    fields = {
        "answers": form.answers(),
        "figures": form.figures(),
        "files": {key: upload for key, upload in files.items() if upload},
    }
    submitting = request.POST.get("action") == "submit"
    try:
        if submitting:
            reports.submit_report(application, request.user, **fields)
        else:
            reports.save_report(application, request.user, **fields)
    except ApplicationRefused as refusal:
        messages.error(request, str(refusal))
        return report_page(request, application, form=form, status=400)
    messages.success(
        request, _("The report is submitted.") if submitting else _("The report is saved.")
    )
    return redirect("funding:report", pk=application.pk)


@login_required
@require_POST
@page
def decide(request, pk):
    """A manager of the call accepts the report (decision=accept) or returns it with a reason."""
    application = report_application(request.user, pk)
    if not reports.owes_report(application):
        return no_report(request)
    if not may_decide_report(request.user, application):
        return refusal_page(request, _("The call's managers accept or return its reports."))
    decision = request.POST.get("decision")
    if decision not in ("accept", "return"):
        return refusal_page(request, _("Accept the report or return it."), status=400)
    accept = decision == "accept"
    try:
        reports.decide_report(
            application, request.user, accept=accept, reason=request.POST.get("reason", "")
        )
    except ApplicationRefused as refusal:
        messages.error(request, str(refusal))
        return report_page(request, application, status=400)
    messages.success(
        request, _("The report is accepted.") if accept else _("The report is returned.")
    )
    return redirect("funding:report", pk=application.pk)
