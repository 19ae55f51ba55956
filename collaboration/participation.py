"""Participation figures: how many take part in each module and how much they discuss.

Coordinators see the modules in which their institution is a partner, editors and
superusers see every module, teachers the modules they teach (`docs/permissions.md`).
Only counts leave this module: never a message's body or topic, never a student's name.
Every figure comes from one aggregate query over all the modules shown, so the page costs
the same number of queries whatever the number of modules, partners or spaces.
"""

import csv
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Institution
from accounts.roles import COORDINATORS, EDITORS, TEACHERS
from modules.models import CourseModulePage, ModuleTeacher, module_entries

from .models import Enrolment, Message, SpaceKind, StudentGroup

VIEWER_ROLES = (COORDINATORS, EDITORS, TEACHERS)


def viewer_roles(user):
    """The roles of `user` that matter here, read once per request (one query)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_participation_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=VIEWER_ROLES).values_list("name", flat=True))
        user._participation_roles = cached
    return cached


def may_see_participation(user):
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(viewer_roles(user))


@dataclass(frozen=True)
class Scope:
    """Which modules a person sees figures for."""

    everything: bool = False
    coordinator: bool = False
    institution: Institution | None = None
    teacher: bool = False

    @property
    def coordinator_without_institution(self):
        return self.coordinator and self.institution is None


def scope_for(user):
    """The `Scope` of a person allowed to see participation figures."""
    roles = viewer_roles(user)
    coordinator = COORDINATORS in roles
    return Scope(
        everything=user.is_superuser or EDITORS in roles,
        coordinator=coordinator,
        institution=user.institution if coordinator and user.institution_id else None,
        teacher=TEACHERS in roles,
    )


@dataclass
class EnrolledAt:
    institution: Institution | None
    students: int


@dataclass
class ModuleFigures:
    module: CourseModulePage
    title: str
    url: str | None
    partners: list = field(default_factory=list)
    enrolled: list = field(default_factory=list)  # EnrolledAt per partner, then any others
    enrolled_total: int = 0
    groups: int = 0
    messages: dict = field(default_factory=dict)  # SpaceKind value -> messages posted
    hidden: int = 0
    students_posted: int = 0
    last_message: object = None

    @property
    def draft(self):
        return not self.module.live


def _original_ids():
    """The pk of each module's original page (the first made among its translations)."""
    return (
        CourseModulePage.objects.order_by()
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )


def modules_in_scope(user, scope, state=None):
    """The original pages of the modules `user` sees figures for, newest first."""
    modules = CourseModulePage.objects.filter(pk__in=_original_ids())
    if not scope.everything:
        visible = Q(pk__in=ModuleTeacher.objects.filter(user_id=user.pk).values("page_id"))
        if scope.institution is not None:
            partnered = CourseModulePage.partners.through.objects.filter(
                institution_id=scope.institution.pk
            ).values("coursemodulepage_id")
            visible |= Q(pk__in=partnered)
        modules = modules.filter(visible)
    if state:
        modules = modules.filter(enrolment_state=state)
    return modules.defer("body").order_by("-start_date", "title", "pk")


def module_figures(user, scope, state=None, request=None):
    """A `ModuleFigures` for each module in scope, in a fixed number of queries."""
    modules = list(modules_in_scope(user, scope, state))
    if not modules:
        return []
    ids = [module.pk for module in modules]
    figures, _ = module_entries(modules, request, ModuleFigures)

    enrolled = {}
    for row in (
        Enrolment.objects.filter(module_id__in=ids)
        .values("module_id", "student__institution_id")
        .annotate(students=Count("pk"))
        .order_by()
    ):
        enrolled.setdefault(row["module_id"], {})[row["student__institution_id"]] = row["students"]
    for module_id, entry in figures.items():
        counts = enrolled.get(module_id, {})
        entry.enrolled = [
            EnrolledAt(partner, counts.pop(partner.pk, 0)) for partner in entry.partners
        ]
        if counts:
            # Students whose institution is no longer (or never was) a partner.
            entry.enrolled.append(EnrolledAt(None, sum(counts.values())))
        entry.enrolled_total = sum(row.students for row in entry.enrolled)

    for row in (
        StudentGroup.objects.filter(module_id__in=ids)
        .values("module_id")
        .annotate(groups=Count("pk"))
        .order_by()
    ):
        figures[row["module_id"]].groups = row["groups"]

    for row in (
        Message.objects.filter(space__module_id__in=ids)
        .values("space__module_id", "space__kind")
        .annotate(
            posted=Count("pk"),
            hidden=Count("pk", filter=Q(hidden=True)),
            last=Max("created_at"),
        )
        .order_by()
    ):
        entry = figures[row["space__module_id"]]
        entry.messages[row["space__kind"]] = row["posted"]
        entry.hidden += row["hidden"]
        if entry.last_message is None or row["last"] > entry.last_message:
            entry.last_message = row["last"]

    # Authors enrolled in the module: its teachers and former students are not counted.
    student_authors = Exists(
        Enrolment.objects.filter(
            module_id=OuterRef("space__module_id"), student_id=OuterRef("author_id")
        )
    )
    for row in (
        Message.objects.filter(student_authors, space__module_id__in=ids)
        .values("space__module_id")
        .annotate(students=Count("author_id", distinct=True))
        .order_by()
    ):
        figures[row["space__module_id"]].students_posted = row["students"]

    return [figures[pk] for pk in ids]


@dataclass
class Partnership:
    institution: Institution
    modules: int


def partnerships(figures, institution):
    """The institutions `institution` shares modules with, most shared modules first."""
    shared = {}
    for entry in figures:
        if not any(partner.pk == institution.pk for partner in entry.partners):
            continue
        for partner in entry.partners:
            if partner.pk != institution.pk:
                shared.setdefault(partner.pk, Partnership(partner, 0)).modules += 1
    return sorted(shared.values(), key=lambda p: (-p.modules, p.institution.name.casefold()))


# CSV ----------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell that a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(out, figures, request):
    """Write the figures to the file-like `out`, one row per module."""
    writer = csv.writer(out)
    zone = timezone.get_current_timezone_name()
    writer.writerow(
        [
            _("Module"),
            _("Status"),
            _("Address"),
            _("Mode"),
            _("Start date"),
            _("End date"),
            _("Enrolment"),
            _("Partner institutions"),
            _("Enrolled students by institution"),
            _("Enrolled students"),
            _("Groups"),
            _("Messages in the plaza"),
            _("Messages in group spaces"),
            _("Messages in the teachers’ room"),
            _("Hidden messages"),
            _("Students who posted"),
            _("Last message (%(zone)s)") % {"zone": zone},
        ]
    )
    for entry in figures:
        module = entry.module
        last = entry.last_message
        row = [
            entry.title,
            _("Draft") if entry.draft else _("Published"),
            request.build_absolute_uri(entry.url) if entry.url else "",
            module.get_mode_display(),
            module.start_date.isoformat(),
            module.end_date.isoformat(),
            module.get_enrolment_state_display(),
            "; ".join(f"{p.name} ({p.country.name})" for p in entry.partners),
            "; ".join(
                f"{row.institution.name if row.institution else _('Other or no institution')}: "
                f"{row.students}"
                for row in entry.enrolled
            ),
            entry.enrolled_total,
            entry.groups,
            entry.messages.get(SpaceKind.PLAZA, 0),
            entry.messages.get(SpaceKind.GROUP, 0),
            entry.messages.get(SpaceKind.TEACHERS, 0),
            entry.hidden,
            entry.students_posted,
            timezone.localtime(last).strftime("%Y-%m-%d %H:%M") if last else "",
        ]
        writer.writerow([spreadsheet_safe(str(cell)) for cell in row])
