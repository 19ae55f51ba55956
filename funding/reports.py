"""Final reports: who owes one, when it is due or overdue, writing and deciding it, reminders.

Every write to a report goes here; views check who may act (`permissions.py`) first.
A report is due at the end of the call's `report_due` in the funder's zone; it is overdue,
computed and never stored, from the next day on while it is neither submitted nor accepted.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import notify

from .choices import ApplicationState
from .decisions import people_to_tell
from .models import Application, ApplicationFile, FinalReport, ReportEvent, ReportReminder
from .models import ReportState as State
from .services import ApplicationRefused

# The applications that owe a final report.
REPORTING_STATES = (ApplicationState.AWARDED, ApplicationState.ACCEPTED)
DONE = (State.SUBMITTED, State.ACCEPTED)
EDITABLE = (State.DRAFT, State.RETURNED)
# The figures every report gives, with their labels (the amount is in the call's currency).
FIGURES = {
    "pupils": gettext_lazy("Pupils and students who took part"),
    "staff": gettext_lazy("Teachers and staff who took part"),
    "institutions": gettext_lazy("Institutions that took part"),
    "amount_spent": gettext_lazy("Amount spent"),
}


def owes_report(application):
    return application.state in REPORTING_STATES


def due_end(call):
    """The instant a report of `call` becomes late: the start of the day after `report_due`
    in the funder's zone (None when the call sets no due date)."""
    if call.report_due is None:
        return None
    next_day = call.report_due + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time(), tzinfo=call.funder.tzinfo)


def last_minute(call):
    """The last minute on time (23:59 of the due date in the funder's zone), for showing."""
    end = due_end(call)
    return end - datetime.timedelta(minutes=1) if end else None


@dataclass
class ReportStatus:
    application: Application
    report: FinalReport | None
    due_by: datetime.datetime | None  # the last minute on time
    overdue: bool

    @property
    def state(self):
        return self.report.state if self.report else ""

    @property
    def label(self):
        return self.report.get_state_display() if self.report else _("Not started")


def status(application, now=None, report=False):
    """The `ReportStatus` of `application`, or None if it owes no report.

    `report` is the application's report (or None) when the caller has read it already."""
    if not owes_report(application):
        return None
    if report is False:
        report = FinalReport.objects.filter(application=application).first()
    now = now or timezone.now()
    end = due_end(application.call)
    overdue = end is not None and now >= end and (report is None or report.state not in DONE)
    return ReportStatus(application, report, last_minute(application.call), overdue)


def statuses(applications, now=None):
    """The `ReportStatus` of each of `applications` owing a report, by pk (one query)."""
    now = now or timezone.now()
    found = FinalReport.objects.filter(application__in=applications)
    reports = {report.application_id: report for report in found}
    return {
        application.pk: status(application, now, reports.get(application.pk))
        for application in applications
        if owes_report(application)
    }


# Writing and deciding --------------------------------------------------------------------


def _locked_report(application):
    try:
        with transaction.atomic():
            FinalReport.objects.get_or_create(application=application)
    except IntegrityError:
        pass  # started by a concurrent request
    return FinalReport.objects.select_for_update().get(application=application)


def _record(report, actor, before, after, now, reason=""):
    ReportEvent.objects.create(
        report=report, actor=actor, from_state=before, to_state=after, at=now, reason=reason
    )


def _write(application, report, answers, figures, files):
    if not owes_report(application):
        raise ApplicationRefused(_("Only an application awarded a place has a final report."))
    if report.state not in EDITABLE:
        raise ApplicationRefused(
            _("The report is %(state)s and can no longer be changed.")
            % {"state": report.get_state_display().lower()}
        )
    report.answers = answers
    for name in FIGURES:
        setattr(report, name, figures.get(name))
    report.save()
    for question, upload in files.items():
        ApplicationFile.objects.update_or_create(
            application=application, question=question, defaults={"file": upload}
        )


@transaction.atomic
def save_report(application, actor, *, answers, figures, files=None, now=None):
    """Save the report as it stands (a draft, or a returned report being changed)."""
    report = _locked_report(application)
    _write(application, report, answers, figures, files or {})
    return report


def missing(report, application):
    """Why `report` is not complete: a sentence per missing answer or figure."""
    call = application.call
    files = set(
        ApplicationFile.objects.filter(application=application).values_list("question", flat=True)
    )
    reasons = []
    for question in call.report_question_list():
        given = files if question.kind == "file" else report.answers
        answered = question.id in given
        if question.required and not answered:
            reasons.append(
                _("Answer the required question “%(question)s”.") % {"question": question.label}
            )
    for name, label in FIGURES.items():
        value = getattr(report, name)
        if value is None or value < 0:
            reasons.append(_("Give “%(figure)s” as a whole number, 0 or more.") % {"figure": label})
    return reasons


@transaction.atomic
def submit_report(application, actor, *, answers, figures, files=None, now=None):
    """Save and submit the report, only complete; refused, nothing is kept."""
    now = now or timezone.now()
    report = _locked_report(application)
    _write(application, report, answers, figures, files or {})
    reasons = missing(report, application)
    if reasons:
        raise ApplicationRefused(" ".join([_("The report is not complete."), *reasons]))
    before = report.state
    report.state = State.SUBMITTED
    report.submitted_at, report.submitted_by = now, actor
    report.save()
    _record(report, actor, before, State.SUBMITTED, now)
    return report


@transaction.atomic
def decide_report(application, actor, *, accept, reason="", now=None):
    """A manager accepts the submitted report, or returns it with a reason; the applicant
    is told."""
    now = now or timezone.now()
    report = FinalReport.objects.select_for_update().filter(application=application).first()
    if report is None or report.state != State.SUBMITTED:
        raise ApplicationRefused(_("Only a submitted report can be accepted or returned."))
    reason = reason.strip()
    if not accept and not reason:
        raise ApplicationRefused(_("Give the reason for returning the report."))
    after = State.ACCEPTED if accept else State.RETURNED
    report.state = after
    report.decided_at, report.decided_by = now, actor
    report.return_reason = "" if accept else reason
    report.save()
    _record(report, actor, State.SUBMITTED, after, now, report.return_reason)
    params = {} if accept else {"reason": reason}
    tell(application, "funding_report_accepted" if accept else "funding_report_returned", **params)
    return report


def tell(application, kind, **params):
    notify(
        kind,
        people_to_tell(application),
        target=FinalReport(application=application).get_absolute_url(),
        about=application.call,
        reference=application.reference,
        **params,
    )


# Reminders -------------------------------------------------------------------------------


def reminder_due(call, now):
    """The reminder of `call`'s reports whose day has come at `now` (funder's zone), or None:
    from 14 days before the due date, from 2 days before, and from the day after."""
    today = timezone.localdate(now, call.funder.tzinfo)
    due = call.report_due
    if today > due:
        return ReportReminder.Kind.OVERDUE
    if today >= due - datetime.timedelta(days=2):
        return ReportReminder.Kind.DAYS_2
    if today >= due - datetime.timedelta(days=14):
        return ReportReminder.Kind.DAYS_14
    return None


def send_reminders(now=None, call=None):
    """Remind the applicants owing a report whose reminder's day has come, each kind once;
    of every call, or of `call` alone.

    The reminder's row (unique per application and kind) is the claim: a second run, or one
    at the same time, fails to make it and sends nothing. Returns how many were sent."""
    now = now or timezone.now()
    applications = Application.objects.filter(call=call) if call else Application.objects
    owing = (
        applications.filter(state__in=REPORTING_STATES, call__report_due__isnull=False)
        .exclude(report__state__in=DONE)
        .exclude(report_reminders__kind=ReportReminder.Kind.OVERDUE)  # the last one is sent
        .select_related("call__funder")
    )
    sent = 0
    for application in owing:
        kind = reminder_due(application.call, now)
        if kind is None:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ReportReminder.objects.create(application=application, kind=kind, sent_at=now)
            except IntegrityError:
                continue  # sent already, by an earlier or a concurrent run
            overdue = kind == ReportReminder.Kind.OVERDUE
            name = "funding_report_overdue" if overdue else "funding_report_due"
            tell(application, name, deadline=last_minute(application.call).isoformat())
            sent += 1
    return sent


# Figures ---------------------------------------------------------------------------------


@dataclass
class ReportedFigures:
    """The sums of accepted reports' figures; the amounts by currency."""

    reports: int = 0
    pupils: int = 0
    staff: int = 0
    institutions: int = 0
    spent: dict = field(default_factory=dict)


def reported_figures(reports):
    """The `ReportedFigures` of the accepted ones among `reports` (a queryset)."""
    totals = ReportedFigures()
    rows = (
        reports.filter(state=State.ACCEPTED)
        .values("application__call__currency")
        .annotate(
            n=Count("pk"),
            pupils=Sum("pupils"),
            staff=Sum("staff"),
            institutions=Sum("institutions"),
            spent=Sum("amount_spent"),
        )
        .order_by("application__call__currency")
    )
    for row in rows:
        totals.reports += row["n"]
        totals.pupils += row["pupils"] or 0
        totals.staff += row["staff"] or 0
        totals.institutions += row["institutions"] or 0
        totals.spent[row["application__call__currency"]] = row["spent"] or 0
    return totals


def reported_for_call(call):
    return reported_figures(FinalReport.objects.filter(application__call=call))


def reported_for(*, everything, institution):
    """The accepted reports' figures one sees beside the participation figures: every
    report for those who see everything, a coordinator's institution's own, else None."""
    if everything:
        return reported_figures(FinalReport.objects.all())
    if institution is not None:
        return reported_figures(FinalReport.objects.filter(application__institution=institution))
    return None
