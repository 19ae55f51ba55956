"""The formal checks of an application: the one place that decides them.

Each check is a key, whether it passed, and the facts behind it (`params`); its reason is
put into words when it is shown, in the reader's language and time zone, so that checks
frozen at submission read the same to the applicant and to the call's managers.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries

from accounts.models import OrganisationKind

CHECK_LABELS = {
    "kind": gettext_lazy("Kind of organisation"),
    "country": gettext_lazy("Country"),
    "composition": gettext_lazy("Project group"),
    "in_time": gettext_lazy("In time"),
    "complete": gettext_lazy("Complete"),
}
CHECK_KEYS = list(CHECK_LABELS)


@dataclass(frozen=True)
class Check:
    key: str
    passed: bool
    params: dict = field(default_factory=dict)

    @property
    def label(self):
        return CHECK_LABELS[self.key]

    @property
    def reason(self):
        return REASONS[self.key](self.passed, self.params)

    def as_json(self):
        return {"key": self.key, "passed": self.passed, "params": self.params}

    @classmethod
    def from_json(cls, row):
        return cls(key=row["key"], passed=row["passed"], params=row["params"])


def formal_checks(application, *, now=None):
    """Every formal check of `application` at `now` (the server's clock by default)."""
    call = application.call
    institution = application.institution
    now = now or timezone.now()
    checks = []

    kinds = list(call.eligible_kinds)
    checks.append(
        Check(
            "kind",
            not kinds or institution.kind in kinds,
            {"institution": institution.name, "kind": institution.kind, "allowed": kinds},
        )
    )

    allowed_countries = [country.code for country in call.eligible_countries]
    checks.append(
        Check(
            "country",
            not allowed_countries or institution.country.code in allowed_countries,
            {
                "institution": institution.name,
                "country": institution.country.code,
                "allowed": allowed_countries,
            },
        )
    )

    counts = {}
    for member in application.members.all():
        counts[member.category] = counts.get(member.category, 0) + 1
    categories = [
        [category.name, category.minimum, counts.get(category.id, 0)]
        for category in call.categories()
    ]
    checks.append(
        Check(
            "composition",
            all(has >= minimum for _name, minimum, has in categories),
            {"categories": categories},
        )
    )

    # Submitted applications were on time when they were submitted; drafts are on time now.
    when = application.submitted_at or now
    checks.append(
        Check(
            "in_time",
            call.is_open_at(when),
            {
                "opens_at": call.opens_at.isoformat(),
                "deadline": call.deadline.isoformat(),
                "too_early": when < call.opens_at,
                "submitted": application.submitted_at is not None,
            },
        )
    )

    answered_files = {f.question for f in application.files.all()}
    missing = [
        question.label
        for question in call.question_list()
        if question.required
        and not (
            question.id in answered_files
            if question.kind == "file"
            else str(application.answers.get(question.id, "")).strip()
        )
    ]
    if not application.title.strip():
        missing.insert(0, str(_("Project title")))
    checks.append(Check("complete", not missing, {"missing": missing}))
    return checks


def shown_checks(application, *, now=None):
    """The checks to show: frozen at submission, live while a draft."""
    if application.frozen_checks is not None:
        return [Check.from_json(row) for row in application.frozen_checks]
    return formal_checks(application, now=now)


# Reasons -------------------------------------------------------------------------------


def instant_in_words(moment):
    """An instant in the reader's zone, with the zone named: "24 June 2024, 10:00 (Europe/Oslo)"."""
    local = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return f"{local} ({timezone.get_current_timezone_name()})"


def when(iso):
    return instant_in_words(datetime.datetime.fromisoformat(iso))


def kind_names(kinds):
    return ", ".join(str(OrganisationKind(kind).label) for kind in kinds)


def kind_reason(passed, p):
    if not p["allowed"]:
        return _("Every kind of organisation may apply.")
    kind = kind_names([p["kind"]]) if p["kind"] in OrganisationKind.values else "—"
    if passed:
        return _("%(institution)s is registered as “%(kind)s”, which may apply.") % {
            "institution": p["institution"],
            "kind": kind,
        }
    return _("%(institution)s is registered as “%(kind)s”; this call is open to: %(allowed)s.") % {
        "institution": p["institution"],
        "kind": kind,
        "allowed": kind_names(p["allowed"]),
    }


def country_reason(passed, p):
    if not p["allowed"]:
        return _("Organisations of every country may apply.")
    country = countries.name(p["country"]) or p["country"]
    if passed:
        return _("%(institution)s is in %(country)s, which may apply.") % {
            "institution": p["institution"],
            "country": country,
        }
    return _("%(institution)s is in %(country)s; this call is open to: %(allowed)s.") % {
        "institution": p["institution"],
        "country": country,
        "allowed": ", ".join(str(countries.name(code)) for code in p["allowed"]),
    }


def composition_reason(passed, p):
    if not p["categories"]:
        return _("The call asks for no particular project group.")
    if passed:
        return _("Every category has the members it needs.")
    text = "; ".join(
        ngettext(
            "needs at least %(minimum)d in %(category)s, has %(has)d",
            "needs at least %(minimum)d in %(category)s, has %(has)d",
            minimum,
        )
        % {"minimum": minimum, "category": name, "has": has}
        for name, minimum, has in p["categories"]
        if has < minimum
    )
    return text[:1].upper() + text[1:] + "."


def in_time_reason(passed, p):
    if p["too_early"]:
        return _("The call opens %(opens)s.") % {"opens": when(p["opens_at"])}
    if passed and p["submitted"]:
        return _("Submitted before the deadline, %(deadline)s.") % {"deadline": when(p["deadline"])}
    if passed:
        return _("The deadline is %(deadline)s.") % {"deadline": when(p["deadline"])}
    return _("The deadline, %(deadline)s, has passed.") % {"deadline": when(p["deadline"])}


def complete_reason(passed, p):
    if passed:
        return _("Every required question is answered.")
    return _("Not answered yet: %(questions)s.") % {"questions": ", ".join(p["missing"])}


REASONS = {
    "kind": kind_reason,
    "country": country_reason,
    "composition": composition_reason,
    "in_time": in_time_reason,
    "complete": complete_reason,
}
