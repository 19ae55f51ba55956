"""What the public module page shows, computed with a fixed number of queries.

Partners, teachers, sessions and working languages are facts about the module, not about
a language: a translation shows those of the original page, so they never drift apart.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from accounts.models import timezone_names

from .access import can_see_session_links
from .funding import funding_checklist
from .scheduling import (
    daily_windows,
    distinct_places,
    golden_hours,
    local_ranges,
    local_times,
)

MODULE_ACTIONS_TEMPLATE = "modules/includes/module_actions.html"
# Golden hours are listed for the module's own dates, at most this many days.
MAX_SCHEDULE_DAYS = 400


def viewer_zone(request):
    """The zone times are shown in: ?tz=<IANA name> if valid, else the person's own zone."""
    requested = request.GET.get("tz", "")
    if requested and requested in set(timezone_names()):
        return zoneinfo.ZoneInfo(requested), True
    return timezone.get_current_timezone(), False


@dataclass
class SessionRow:
    session: object
    title: str
    place: str
    starts: datetime.datetime
    ends: datetime.datetime
    local_times: list
    show_link: bool

    @property
    def multi_day(self):
        return self.starts.date() != self.ends.date()


@dataclass
class GoldenRow:
    first_day: datetime.date
    last_day: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    weekdays: str
    at_partners: list


def weekday_names(days):
    if tuple(days) == (0, 1, 2, 3, 4):
        return _("Monday to Friday")
    return ", ".join(str(WEEKDAYS[day]) for day in days)


def activity_weeks(body):
    """The activity blocks grouped by their week, in week order (stable within a week)."""
    weeks = {}
    for block in body:
        week = block.value.get("week") if hasattr(block.value, "get") else None
        weeks.setdefault(week or 0, []).append(block)
    return [{"number": number, "activities": blocks} for number, blocks in sorted(weeks.items())]


def session_words(rows):
    """{(starts_at, ends_at): (title, place)} of a translation's own session rows.

    A translation shows its own title and place for the sessions whose times it knows.
    """
    return {(row.starts_at, row.ends_at): (row.title, row.place) for row in rows}


def module_actions_template():
    """The collaboration app's include for joining and discussing, if it is installed."""
    try:
        get_template(MODULE_ACTIONS_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return MODULE_ACTIONS_TEMPLATE


def module_page_context(page, request):
    original = page.original() if page.pk else None
    # The page itself when it is the original or an unsaved preview; its in-memory
    # relations then show exactly what is being previewed.
    source = page if original is None or original.pk == page.pk else original
    module = original or page
    partners = sorted(source.partners.all(), key=lambda p: p.name)
    teachers = list(source.teachers.all().select_related("user", "institution"))
    sessions = sorted(source.sessions.all(), key=lambda s: (s.starts_at, s.pk or 0))
    # A translation shows its own title and place for sessions whose times it knows.
    words = session_words(page.sessions.all()) if source is not page else {}
    languages = list(source.working_languages.all())
    tags = list(page.tags.all())

    zone, zone_chosen = viewer_zone(request)
    places = distinct_places(partners)
    user = request.user
    teacher_ids = {t.user_id for t in teachers}
    show_links = can_see_session_links(module, user, teacher_ids=teacher_ids)

    session_rows = []
    for s in sessions:
        title, place = words.get((s.starts_at, s.ends_at), (s.title, s.place))
        session_rows.append(
            SessionRow(
                session=s,
                title=title,
                place=place,
                starts=s.starts_at.astimezone(zone),
                ends=s.ends_at.astimezone(zone),
                local_times=local_times(s.starts_at, places, reference=zone),
                show_link=show_links and bool(s.online_link),
            )
        )

    golden_rows = []
    if source.start_date and source.end_date and places:
        days = min((source.end_date - source.start_date).days + 1, MAX_SCHEDULE_DAYS)
        hours = golden_hours([p.zone for p in places], source.start_date, days)
        for window in daily_windows(hours, zone):
            golden_rows.append(
                GoldenRow(
                    first_day=window.first_day,
                    last_day=window.last_day,
                    start=window.start,
                    end=window.end,
                    weekdays=weekday_names(window.weekdays),
                    at_partners=local_ranges(window.start, window.end, places),
                )
            )

    teachers_by_partner = {p.pk: [] for p in partners}
    for teacher in teachers:
        teachers_by_partner.setdefault(teacher.institution_id, []).append(teacher)

    zone_key = getattr(zone, "key", str(zone))
    # Signed-in people see their profile's zone, visitors their browser's or the one they
    # chose (accounts.middleware), or else UTC.
    own_zone = getattr(request, "timezone_source", "default") != "default"
    own_label = _("Your time zone") if own_zone else "UTC"
    zone_options = [{"key": "", "label": own_label, "current": not zone_chosen}]
    seen = set() if own_zone else {"UTC"}
    for key, label in [("UTC", "UTC"), *((p.zone.key, p.label) for p in places)]:
        if key in seen:
            continue
        seen.add(key)
        zone_options.append(
            {"key": key, "label": label, "current": zone_chosen and key == zone_key}
        )

    return {
        "module": module,
        "partners": [
            {"institution": p, "teachers": teachers_by_partner.get(p.pk, [])} for p in partners
        ],
        "teachers": teachers,
        "languages": languages,
        "tags": tags,
        "outcomes": page.outcome_list,
        "weeks": activity_weeks(page.body),
        "viewer_zone": zone,
        "viewer_zone_name": zone_key,
        "zone_options": zone_options,
        "session_rows": session_rows,
        "show_session_links": show_links,
        "has_hidden_links": not show_links and any(s.online_link for s in sessions),
        "golden_rows": golden_rows,
        "partner_places": places,
        "checklist": funding_checklist(source, partners),
        "is_module_teacher": user.is_authenticated and user.pk in teacher_ids,
        "module_actions_template": module_actions_template(),
        "physical_days": (
            (source.physical_end - source.physical_start).days + 1
            if source.physical_start and source.physical_end
            else None
        ),
    }
