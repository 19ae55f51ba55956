"""Demo funding calls and applications, from `demo_data/calls.toml`.

Pages that exist are left as editors left them; applications are made once per
institution and call, so seed_demo can run any number of times.
"""

import datetime
import zoneinfo

from django.db import transaction
from wagtail.models import Locale

from accounts.models import Institution, User
from home.demo import ensure_home_pages, ensure_translated_indexes, load_demo_data
from notifications.models import Notification

from . import allocation, decisions, demo_reports, demo_reviews
from .choices import ApplicationState
from .demo_funded import seed_funded
from .demo_open import ensure_closed_call, ensure_open_call
from .models import Application, CallIndexPage, CallPage
from .services import add_member, save_draft, start_application, submit_application

DATA = load_demo_data("funding", "calls.toml")
MANAGER = "manager.hkdir"
DECISION_KINDS = ["funding_awarded", "funding_waiting", "funding_promoted"]


def local(text, zone):
    """A time of the TOML, written in the funder's zone, as an aware datetime."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zone)


def stream(rows, block_type=None):
    """StreamField data with the TOML's ids, so that answers and members keep pointing at them."""
    return [
        {
            "type": block_type or row["type"],
            "id": row["id"] if "id" in row else f"{block_type}-{number}",
            "value": {key: value for key, value in row.items() if key not in ("id", "type")},
        }
        for number, row in enumerate(rows)
    ]


def call_fields(row, funder):
    zone = zoneinfo.ZoneInfo(funder.timezone)
    return {
        "title": row["title"],
        "slug": row["slug"],
        "code": row["code"],
        "funder": funder,
        "programme": row.get("programme", ""),
        "summary": row["summary"],
        "body": row.get("body", ""),
        "eligible_kinds": row.get("eligible_kinds", []),
        "eligible_countries": row.get("eligible_countries", []),
        "composition": stream(row.get("composition", []), "category"),
        "opens_at": local(row["opens_at"], zone),
        "deadline": local(row["deadline"], zone),
        "places": row.get("places"),
        "total_budget": row.get("total_budget"),
        "currency": row["currency"],
        "allocation": row["allocation"],
        "grant_amount": row.get("grant_amount"),
        "grant_covers_travel": row.get("grant_covers_travel", False),
        "supplement_cap": row.get("supplement_cap"),
        "supplement_purpose": row.get("supplement_purpose", ""),
        "obligations": row.get("obligations", ""),
        "activities_end": row.get("activities_end"),
        "report_due": row.get("report_due"),
        "contacts": stream(row.get("contacts", []), "contact"),
        "questions": stream(row.get("questions", [])),
    }


def ensure_call(indexes, row):
    funder = Institution.objects.get(short_name=row["funder"])
    index = indexes[row["language"]]
    call = CallPage.objects.filter(code=row["code"], locale=index.locale).first()
    if call is None:
        call = index.add_child(instance=CallPage(**call_fields(row, funder)))
        call.save_revision().publish()
    if "decided_at" in row and call.decided_at is None:
        # What the allocation would have recorded; the page editor never sets it.
        decided = local(row["decided_at"], zoneinfo.ZoneInfo(funder.timezone))
        CallPage.objects.filter(translation_key=call.translation_key).update(decided_at=decided)
    for language, text in row.get("translations", {}).items():
        locale = Locale.objects.get(language_code=language)
        if CallPage.objects.filter(translation_key=call.translation_key, locale=locale).exists():
            continue
        translation = call.copy_for_translation(locale)
        for field, value in text.items():
            setattr(translation, field, value)
        translation.save_revision().publish()
    return CallPage.objects.get(pk=call.pk)


def ensure_application(call, row, answers):
    institution = Institution.objects.get(short_name=row["institution"])
    if Application.objects.filter(call=call, institution=institution).exists():
        return
    zone = call.funder.tzinfo
    coordinator = institution.members.filter(groups__name="Coordinators").first()
    started = call.opens_at + datetime.timedelta(days=3)
    application = start_application(call, institution, coordinator, now=started)
    save_draft(
        application,
        title=row["title"],
        answers={} if row.get("draft") else answers,
        files={},
    )
    categories = {category.id for category in call.categories()}
    for name, role, category in row.get("members", []):
        if category not in categories:
            raise ValueError(f"{category} is not a category of the call {call.code}")
        email = name.lower().replace(" ", ".").replace("ø", "o").replace("å", "a") + "@example.org"
        add_member(application, name=name, role=role, email=email, category=category)
    if not row.get("draft"):
        submit_application(application, coordinator, now=local(row["submitted"], zone))


def ensure_draw(call, row):
    """Freeze and draw once, at the TOML's times, by the call manager; later runs keep it."""
    zone = call.funder.tzinfo
    draw = allocation.ensure_draw(call)
    manager = User.objects.filter(username=MANAGER).first()
    if draw.eligible is None:
        # Announced before the call opened, so written as it was then.
        draw.beacon = row["draw"].get("beacon", "")
        draw.save(update_fields=["beacon"])
        allocation.freeze_eligible(call, manager, now=local(row["draw"]["frozen_at"], zone))
    if draw.drawn_at is None:
        drawn_at = local(row["draw"]["drawn_at"], zone)
        allocation.run_draw(call, manager, now=drawn_at)
        # A draw of the past: its outcome notices are old news, read and not e-mailed now
        # (emails.py claims nothing already e-mailed), and the awarded accepted within days;
        # otherwise the lapse task would lapse them at once.
        Notification.objects.filter(
            kind__in=DECISION_KINDS, target_url__startswith="/", read_at__isnull=True
        ).update(read_at=drawn_at, emailed_at=drawn_at)
        for application in Application.objects.filter(call=call, state=ApplicationState.AWARDED):
            decisions.accept_place(
                application, application.created_by, now=drawn_at + datetime.timedelta(days=3)
            )


@transaction.atomic
def seed(log):
    homes = ensure_home_pages()
    indexes = ensure_translated_indexes(homes, CallIndexPage, DATA["index"])
    applications = 0
    for row in DATA["calls"]:
        call = ensure_call(indexes, row)
        for application in row.get("applications", []):
            ensure_application(call, application, row.get("demo_answers", {}))
        if "draw" in row:
            ensure_draw(call, row)
        seed_funded(call, row)
        applications += Application.objects.filter(call=call).count()
    ensure_open_call(indexes, DATA["calls"], ensure_call)
    ensure_closed_call(indexes, DATA["calls"], ensure_call, ensure_application)
    submitted = Application.objects.filter(state=ApplicationState.SUBMITTED).count()
    log(f"funding: {len(DATA['calls'])} calls, {applications} applications ({submitted} submitted)")
    demo_reviews.ensure_reviewers(log)
    demo_reports.seed(log)
