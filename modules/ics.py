"""A module's sessions as an RFC 5545 calendar, built with the icalendar library."""

import datetime
import re

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import can_see_session_links
from .presentation import session_words

PRODID = "-//COIL Commons//Course module sessions//EN"
# RFC 5545 text may hold tabs, and new lines through its escaping ("\\n"); the other C0
# controls, DEL and the C1 controls are not allowed in a content line (a bare CR ends it).
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def text(value):
    """`value` without the control characters that RFC 5545 text cannot hold."""
    return CONTROLS.sub("", value)


def session_uid(module, session):
    """Stable across requests, hosts and languages: the original module's and session's ids."""
    return f"module-{module.pk}-session-{session.pk}@coil-commons"


def module_calendar(page, request):
    """The calendar (bytes) of the sessions of the module `page` belongs to.

    Times are written in UTC. Online links are included only for people who may see them
    on the module page (teachers and other participants).
    """
    module = page.original() or page
    sessions = list(module.sessions.order_by("starts_at", "pk"))
    words = session_words(page.sessions.all()) if page.pk != module.pk else {}
    teacher_ids = set(module.teachers.values_list("user_id", flat=True))
    show_links = can_see_session_links(module, request.user, teacher_ids=teacher_ids)
    page_url = page.get_full_url(request)
    stamp = (module.last_published_at or timezone.now()).astimezone(datetime.UTC)

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", text(page.title))
    for session in sessions:
        event = icalendar.Event()
        event.add("uid", session_uid(module, session))
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
        event.add("dtend", session.ends_at.astimezone(datetime.UTC))
        title, place = words.get(
            (session.starts_at, session.ends_at), (session.title, session.place)
        )
        event.add("summary", text(f"{title} · {page.title}"))
        lines = [session.get_kind_display()]
        if show_links and session.online_link:
            lines.append(_("Join online: %(link)s") % {"link": session.online_link})
            event.add("url", session.online_link)
        elif page_url:
            event.add("url", page_url)
        if page_url:
            lines.append(_("Module: %(url)s") % {"url": page_url})
        event.add("description", text("\n".join(lines)))
        location = place or (session.online_link if show_links and session.online_link else "")
        if location:
            event.add("location", text(location))
        calendar.add_component(event)
    return calendar.to_ical()
