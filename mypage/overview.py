"""What the signed-in person's own page shows, gathered in a fixed number of queries.

Only the person's own things: the modules they study in (their enrolments), the modules
they co-author, the reviews that wait for them, and for coordinators their own
institution's modules. Each section is gathered for all its modules at once, so the page
costs the same number of queries for one module as for fifty (tests/mypage).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from accounts.roles import COORDINATORS, EDITORS, STUDENTS, TEACHERS
from collaboration import participation
from collaboration.models import Enrolment, GroupMembership, SpaceKind
from collaboration.services import readable_spaces_with_unread
from modules.models import (
    Coauthor,
    CourseModulePage,
    EnrolmentState,
    ModuleIndexPage,
    ModuleSession,
    ModuleTeacher,
    PartnerApprovalTask,
    module_entries,
)
from modules.models.approval import approval_statuses
from modules.scheduling import distinct_places, local_times
from modules.translations import session_words
from practices.models import TeacherConsentTask

# Upcoming sessions shown per module; the module page lists them all.
SESSIONS_PER_MODULE = 3
SPACE_ORDER = [SpaceKind.PLAZA, SpaceKind.GROUP, SpaceKind.TEACHERS]


@dataclass
class SessionItem:
    title: str
    kind: str
    starts: datetime.datetime  # in the viewer's zone
    ends: datetime.datetime
    at_partners: list  # modules.scheduling.LocalTime, one per partner place
    online_link: str
    place: str

    @property
    def multi_day(self):
        return self.starts.date() != self.ends.date()


@dataclass
class ModuleItem:
    """A module as the person sees it: words in their language, facts from the original."""

    module: CourseModulePage  # the original page
    title: str
    url: str | None
    partners: list = field(default_factory=list)
    teachers: list = field(default_factory=list)  # ModuleTeacher rows with user and institution
    spaces: list = field(default_factory=list)  # Space rows annotated with `unread`
    sessions: list = field(default_factory=list)
    group: object = None  # the student's StudentGroup
    # Teachers only:
    edit_url: str = ""
    approval: object = None  # ApprovalState
    enrolled: int = 0
    ungrouped: int = 0

    @property
    def unread(self):
        return sum(space.unread for space in self.spaces)


@dataclass
class ApprovalState:
    """Where a module stands on its way to publication, in words."""

    label: str
    detail: str = ""
    yours: list = field(default_factory=list)  # partners the person may still approve for
    published: bool = False

    @property
    def yours_named(self):
        return ", ".join(partner.short_name for partner in self.yours)


@dataclass
class Review:
    """Something that waits for the person's decision in a Wagtail workflow."""

    title: str
    action: str
    url: str
    since: datetime.datetime


@dataclass
class Overview:
    roles: frozenset
    student: list | None = None
    teacher: list | None = None
    reviews: list = field(default_factory=list)
    coordinator: dict | None = None
    editor: bool = False
    catalogue_url: str = ""  # the module index in the reader's language
    new_module_url: str = ""  # the admin's form for a new module under that index

    @property
    def has_role(self):
        """Whether any section applies (someone enrolled or listed counts without a role)."""
        return (
            bool(self.roles) or self.editor or self.student is not None or self.teacher is not None
        )


def my_overview(user, request):
    """The `Overview` of `user`'s own page: only their modules, spaces and reviews."""
    roles = frozenset(user.groups.values_list("name", flat=True))
    overview = Overview(roles=roles, editor=user.is_superuser or EDITORS in roles)
    now = timezone.now()

    enrolments = list(Enrolment.objects.filter(student=user).select_related("module"))
    coauthored = list(Coauthor.objects.filter(user=user).select_related("module"))
    studied = [enrolment.module for enrolment in enrolments]
    taught = [row.module for row in coauthored]
    originals = {module.pk: module for module in [*studied, *taught]}

    items = _module_items(originals.values(), request, now)
    index = (
        ModuleIndexPage.objects.live().filter(locale__language_code=get_language()).first()
        or ModuleIndexPage.objects.live().order_by("pk").first()
    )
    overview.catalogue_url = index.get_url(request) if index else ""
    spaces = readable_spaces_with_unread(user).filter(module_id__in=list(originals))
    for space in sorted(spaces.select_related("group"), key=_space_order):
        items[space.module_id].spaces.append(space)

    if STUDENTS in roles or studied:
        groups = {
            membership.module_id: membership.group
            for membership in GroupMembership.objects.filter(student=user).select_related("group")
        }
        overview.student = []
        for module in sorted(studied, key=_module_order):
            item = items[module.pk]
            item.group = groups.get(module.pk)
            overview.student.append(item)

    # Approval states are shared by the reviews and the modules taught: each once.
    approvals = _Approvals()
    if TEACHERS in roles or overview.editor or taught:
        overview.reviews = _reviews(user, approvals)

    if TEACHERS in roles or taught:
        overview.teacher = [items[module.pk] for module in sorted(taught, key=_module_order)]
        for item in overview.teacher:
            item.edit_url = reverse("wagtailadmin_pages:edit", args=[item.module.pk])
        _add_teaching_figures(overview.teacher, user, approvals)
        if index is not None:
            overview.new_module_url = reverse("wagtailadmin_pages:add_subpage", args=[index.pk])

    if COORDINATORS in roles:
        overview.coordinator = _coordination(user, request)
    return overview


def _space_order(space):
    # The plaza, then the groups by number, then those a teacher named, then the teachers’ room.
    number = space.group.number if space.group_id else None
    return (SPACE_ORDER.index(space.kind), number is None, number or 0, space.name, space.pk)


def _module_order(module):
    # Completed modules last; the others by their start.
    completed = module.enrolment_state == EnrolmentState.COMPLETED
    return (completed, module.start_date, module.title, module.pk)


def _module_items(originals, request, now):
    """A ModuleItem per original page, with partners, teachers and upcoming sessions."""
    originals = list(originals)
    if not originals:
        return {}
    ids = [module.pk for module in originals]
    items, shown_pages = module_entries(originals, request, ModuleItem)

    teachers = ModuleTeacher.objects.filter(page_id__in=ids).select_related("user", "institution")
    for teacher in teachers.order_by("institution__name", "sort_order", "pk"):
        items[teacher.page_id].teachers.append(teacher)

    # The translation's own words for sessions whose times it knows.
    translated = {
        page.pk: module_id
        for module_id, page in shown_pages.items()
        if page is not None and page.pk != module_id
    }
    upcoming = ModuleSession.objects.filter(
        page_id__in=[*ids, *translated], ends_at__gte=now
    ).order_by("starts_at", "pk")
    own, words = {}, {}
    for session in upcoming:
        if session.page_id in translated:
            words.setdefault(translated[session.page_id], []).append(session)
        else:
            own.setdefault(session.page_id, []).append(session)
    zone = timezone.get_current_timezone()
    for module_id, sessions in own.items():
        item = items[module_id]
        places = distinct_places(item.partners)
        texts = session_words(words.get(module_id, []))
        for session in sessions[:SESSIONS_PER_MODULE]:
            title, place = texts.get(
                (session.starts_at, session.ends_at), (session.title, session.place)
            )
            item.sessions.append(
                SessionItem(
                    title=title,
                    kind=session.get_kind_display(),
                    starts=session.starts_at.astimezone(zone),
                    ends=session.ends_at.astimezone(zone),
                    at_partners=local_times(session.starts_at, places, reference=zone),
                    # Everyone on this page takes part in the module (enrolled or teaching).
                    online_link=session.online_link,
                    place=place,
                )
            )
    return items


class _Approvals:
    """The partner-approval task states of one request, each status computed once."""

    def __init__(self):
        self._task_ids = None
        self._statuses = {}

    def is_partner_approval(self, task_state):
        if self._task_ids is None:
            self._task_ids = set(PartnerApprovalTask.objects.values_list("pk", flat=True))
        return task_state.task_id in self._task_ids

    def statuses(self, task_states):
        """{task state id: ApprovalStatus} for those of `task_states` that are partner approvals."""
        wanted = [state for state in task_states if self.is_partner_approval(state)]
        self._statuses.update(
            approval_statuses([state for state in wanted if state.pk not in self._statuses])
        )
        return {
            state.pk: self._statuses[state.pk] for state in wanted if state.pk in self._statuses
        }


def _add_teaching_figures(items, user, approvals):
    """Enrolment figures and approval states of the modules the person teaches."""
    if not items:
        return
    by_id = {item.module.pk: item for item in items}
    grouped = GroupMembership.objects.filter(
        module_id=OuterRef("module_id"), student_id=OuterRef("student_id")
    )
    figures = (
        Enrolment.objects.filter(module_id__in=list(by_id))
        .annotate(grouped=Exists(grouped))
        .values("module_id")
        .annotate(enrolled=Count("pk"), ungrouped=Count("pk", filter=Q(grouped=False)))
        .order_by()
    )
    for row in figures:
        by_id[row["module_id"]].enrolled = row["enrolled"]
        by_id[row["module_id"]].ungrouped = row["ungrouped"]

    states = {
        int(state.object_id): state
        for state in WorkflowState.objects.active()
        .filter(
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
            object_id__in=[str(pk) for pk in by_id],
        )
        .select_related("current_task_state__finished_by")
    }
    waiting = []
    for state in states.values():
        task_state = state.current_task_state
        if state.status == WorkflowState.STATUS_IN_PROGRESS and task_state is not None:
            task_state.workflow_state = state  # already loaded: saves a query per module
            waiting.append(task_state)
    statuses = approvals.statuses(waiting)
    for pk, item in by_id.items():
        item.approval = _approval_state(item.module, states.get(pk), statuses, user)


def _approval_state(module, workflow_state, statuses, user):
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = workflow_state.current_task_state
        name = task_state.finished_by.name if task_state and task_state.finished_by else "—"
        return ApprovalState(
            _("Changes requested"),
            _("%(name)s asked for changes. Edit the module and submit it again.") % {"name": name},
        )
    status = statuses.get(workflow_state.current_task_state_id) if workflow_state else None
    if status is not None:
        approved = [p.short_name for p in status.required if p.pk in status.approvals]
        waiting = [p.short_name for p in status.waiting_for]
        detail = _("Waiting for %(waiting)s.") % {"waiting": ", ".join(waiting)}
        if approved:
            detail = _("Approved for %(approved)s. Waiting for %(waiting)s.") % {
                "approved": ", ".join(approved),
                "waiting": ", ".join(waiting),
            }
        return ApprovalState(
            _("Waiting for partner approval"), detail, status.partners_to_approve_by(user)
        )
    if workflow_state is not None:
        return ApprovalState(_("In review"))
    if not module.live:
        return ApprovalState(
            _("Draft"), _("Submit it for partner approval when it is ready to be published.")
        )
    if module.has_unpublished_changes:
        return ApprovalState(
            _("Published"),
            _("A newer draft is saved but not yet submitted for approval."),
            published=True,
        )
    return ApprovalState(_("Published"), published=True)


def _reviews(user, approvals):
    """What waits for the person's decision in a workflow (Wagtail's "awaiting your review").

    A partner approval is listed only while the person may still approve the newest
    version for one of the partners.
    """
    states = list(
        TaskState.objects.reviewable_by(user)
        .select_related("workflow_state", "task")
        .order_by("started_at", "pk")
    )
    if not states:
        return []
    consent_tasks = set(TeacherConsentTask.objects.values_list("pk", flat=True))
    statuses = approvals.statuses(states)
    pages = Page.objects.in_bulk({int(state.workflow_state.object_id) for state in states})
    reviews = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        if approvals.is_partner_approval(state):
            status = statuses.get(state.pk)
            mine = status.partners_to_approve_by(user) if status else []
            if mine:
                action = _("Approve for %(partners)s") % {
                    "partners": ", ".join(p.short_name for p in mine)
                }
            elif user.is_superuser:
                action = _("Approve for every partner")
            else:
                continue
        elif state.task_id in consent_tasks:
            action = _("Give your consent to publishing this example")
            url = reverse("practices_admin:consent", args=[page.pk])
        else:
            # Task names are kept in English; the ones the platform makes are translated.
            action = _("Review: %(task)s") % {"task": gettext(state.task.name)}
        reviews.append(Review(page.draft_title, action, url, state.started_at))
    return reviews


def _coordination(user, request):
    """The coordinator's institution, its modules' figures and its partner institutions."""
    institution = user.institution
    if institution is None:
        return {"institution": None, "modules": [], "partnerships": []}
    scope = participation.Scope(coordinator=True, institution=institution)
    figures = [
        entry
        for entry in participation.module_figures(user, scope, request=request)
        if any(partner.pk == institution.pk for partner in entry.partners)
    ]
    return {
        "institution": institution,
        "modules": figures,
        "partnerships": participation.partnerships(figures, institution),
    }
