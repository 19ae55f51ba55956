"""Demo final reports, from `demo_data/reports.toml`: the calls' report questions and the
reports of the municipalities' call, written once (seed_demo runs any number of times)."""

from accounts.models import User
from home.demo import load_demo_data
from notifications.models import Notification

from . import demo, reports
from .models import Application, CallPage, FinalReport

DATA = load_demo_data("funding", "reports.toml")
REPORT_KINDS = [
    "funding_report_due",
    "funding_report_overdue",
    "funding_report_accepted",
    "funding_report_returned",
]


def ensure_questions(call, rows):
    """The report questions, on a call page that has none yet."""
    if not call.report_questions:
        call.report_questions = demo.stream(rows)
        call.save_revision().publish()


def write_reports(call, data):
    """The reports and reminders as they happened, in order; once per call."""
    rows, reminders = data.get("reports", []), data.get("reminders", [])
    funded = list(Application.objects.filter(call=call, state__in=reports.REPORTING_STATES))
    if not funded or FinalReport.objects.filter(application__call=call).exists():
        return
    zone = call.funder.tzinfo
    manager = User.objects.filter(username=data.get("manager", demo.MANAGER)).first()
    moments = [demo.local(text, zone) for text in reminders]
    steps = [(moment, "remind", None, None) for moment in moments]
    for application, row in zip(funded, rows, strict=False):
        for action in ("saved", "submitted", "accepted"):
            if action in row:
                steps.append((demo.local(row[action], zone), action, application, row))
    for moment, action, application, row in sorted(steps, key=lambda step: step[0]):
        fields = {"answers": row["answers"], "figures": row["figures"]} if row else {}
        if action == "remind":
            reports.send_reminders(now=moment, call=call)
        elif action == "saved":
            reports.save_report(application, application.created_by, **fields, now=moment)
        elif action == "submitted":
            reports.submit_report(application, application.created_by, **fields, now=moment)
        else:
            reports.decide_report(application, manager, accept=True, now=moment)
    # Old news: read, and not e-mailed now (as the demo draw's outcome notices).
    last = moments[-1] if moments else None
    Notification.objects.filter(kind__in=REPORT_KINDS, read_at__isnull=True).update(
        read_at=last, emailed_at=last
    )


def seed(log):
    written = 0
    for code, row in DATA["calls"].items():
        for call in CallPage.objects.filter(code=code):
            if call.pk != call.original().pk:
                continue
            ensure_questions(call, row["report_questions"])
            write_reports(call, row)
            written += FinalReport.objects.filter(application__call=call).count()
    log(f"funding: {written} final reports")
