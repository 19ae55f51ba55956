"""The demo's open call, from `demo_data/open_call.toml`: open whenever the demo is seeded.

It has the rules of an earlier demo call (`rules_of`) and dates counted from the day of
seeding in the funder's zone. A later seeding leaves the page as editors left it while it
is still open; once it has closed undecided, its dates are moved on again so that the demo
always has a call to apply to.

Beside it, a closed call with the same rules and applications, not yet drawn, for the call
manager to freeze and draw (`ensure_closed_call`); its dates are set when it is made.
"""

import datetime
import zoneinfo

from django.utils import timezone

from accounts.models import Institution
from home.demo import load_demo_data

from .models import CallPage

OPEN_CALL = load_demo_data("funding", "open_call.toml")
# What an earlier call has that a call nobody has applied to yet has not.
NOT_RULES = {
    "applications",
    "draw",
    "demo_answers",
    "translations",
    "decided_at",
    "activities_end",
    "report_due",
}


def open_call_dates(today, zone):
    """Opening and deadline (aware, in the funder's zone) for a call seeded on `today`."""
    row = OPEN_CALL
    opens_day = today - datetime.timedelta(days=row["opens_days_before"])
    closes_day = today + datetime.timedelta(weeks=row["closes_weeks_after"])
    opens = datetime.time.fromisoformat(row["opens_time"])
    closes = datetime.time.fromisoformat(row["deadline_time"])
    return (
        datetime.datetime.combine(opens_day, opens, tzinfo=zone),
        datetime.datetime.combine(closes_day, closes, tzinfo=zone),
    )


def follow_up_dates(deadline):
    """When the funded activities end and the final report is due, after `deadline`."""
    row = OPEN_CALL
    activities_end = deadline.date() + datetime.timedelta(
        weeks=row["activities_weeks_after_deadline"]
    )
    return activities_end, activities_end + datetime.timedelta(
        weeks=row["report_weeks_after_activities"]
    )


def relative_row(spec, rules, opens_at, deadline):
    """The calls.toml row of a call of `spec` with the rules of the row `rules`."""
    activities_end, report_due = follow_up_dates(deadline)
    row = {key: value for key, value in rules.items() if key not in NOT_RULES}
    row.update(
        {key: spec[key] for key in ("code", "language", "title", "slug", "summary", "body")},
        translations=spec["translations"],
        opens_at=opens_at.replace(tzinfo=None).isoformat(timespec="minutes"),
        deadline=deadline.replace(tzinfo=None).isoformat(timespec="minutes"),
        activities_end=activities_end.isoformat(),
        report_due=report_due.isoformat(),
    )
    if "places" in spec:
        row["places"] = spec["places"]
    return row


def ensure_closed_call(indexes, calls, ensure_call, ensure_application, *, now=None):
    """The closed, undrawn call with its applications, made once."""
    now = now or timezone.now()
    spec = OPEN_CALL["closed"]
    rules = next(row for row in calls if row["code"] == OPEN_CALL["rules_of"])
    zone = zoneinfo.ZoneInfo(Institution.objects.get(short_name=rules["funder"]).timezone)
    today = timezone.localdate(now, zone)
    opens_at = datetime.datetime.combine(
        today - datetime.timedelta(days=spec["opens_days_before"]),
        datetime.time.fromisoformat(spec["opens_time"]),
        tzinfo=zone,
    )
    deadline = datetime.datetime.combine(
        today - datetime.timedelta(days=spec["closes_days_before"]),
        datetime.time.fromisoformat(spec["deadline_time"]),
        tzinfo=zone,
    )
    call = ensure_call(indexes, relative_row(spec, rules, opens_at, deadline))
    for application in spec["applications"]:
        submitted = call.deadline - datetime.timedelta(days=application["submitted_days_before"])
        row = {**application, "submitted": submitted.astimezone(zone).replace(tzinfo=None)}
        row["submitted"] = row["submitted"].isoformat(timespec="minutes")
        ensure_application(call, row, rules.get("demo_answers", {}))
    return call


def ensure_open_call(indexes, calls, ensure_call, *, now=None):
    """The open call under `indexes`, made once from the rules of one of `calls`."""
    now = now or timezone.now()
    rules = next(row for row in calls if row["code"] == OPEN_CALL["rules_of"])
    funder = Institution.objects.get(short_name=rules["funder"])
    zone = zoneinfo.ZoneInfo(funder.timezone)
    opens_at, deadline = open_call_dates(timezone.localdate(now, zone), zone)
    activities_end, report_due = follow_up_dates(deadline)
    call = ensure_call(indexes, relative_row(OPEN_CALL, rules, opens_at, deadline))
    if call.decided_at is None and now > call.deadline:
        for page in CallPage.objects.filter(translation_key=call.translation_key):
            page.opens_at, page.deadline = opens_at, deadline
            page.activities_end, page.report_due = activities_end, report_due
            page.save_revision().publish()
        call.refresh_from_db()
    return call
