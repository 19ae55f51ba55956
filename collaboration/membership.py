"""Enrolment in modules, student groups and the spaces that go with them.

When a teacher acts (`by`), the students concerned are told: placed in a group, moved to
another one, removed from the module. Changes without a person (the demo data) tell nobody.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from accounts.roles import STUDENTS
from modules.models import CourseModulePage, EnrolmentState
from notifications.services import notify

from .grouping import form_groups
from .models import Enrolment, GroupMembership, Removal, Space, SpaceKind, StudentGroup

JOINABLE_STATES = (EnrolmentState.OPEN, EnrolmentState.RUNNING)


class JoinRefused(Exception):
    """Why a person cannot join a module, in words for them."""


def ensure_module_spaces(module):
    """Create the plaza, the teachers' room and any missing group space of a module."""
    module = module.original()
    for kind, name in ((SpaceKind.PLAZA, "Plaza"), (SpaceKind.TEACHERS, "Teachers’ room")):
        Space.objects.get_or_create(module=module, kind=kind, defaults={"name": name})
    for group in StudentGroup.objects.filter(module=module, space__isnull=True):
        Space.objects.create(module=module, kind=SpaceKind.GROUP, group=group, name=group.name)
    return module


def module_spaces(module):
    return {
        space.kind: space for space in Space.objects.filter(module=module).exclude(kind="group")
    }


def module_for_code(code):
    """The (original page of the) published module with this invitation code, or None."""
    if not code or len(code) > 32:
        return None
    page = CourseModulePage.objects.live().filter(invitation_code=code).order_by("pk").first()
    return page.original() if page else None


def refusal(user, module):
    """Why `user` may not join `module` now, or None if they may."""
    if module.enrolment_state == EnrolmentState.CLOSED:
        return _("This module is not open for enrolment yet.")
    if module.enrolment_state == EnrolmentState.COMPLETED:
        return _("This module has ended; it no longer takes new participants.")
    if user is None or not user.is_authenticated:
        return None
    if not user.groups.filter(name=STUDENTS).exists():
        return _("Only students join modules with an invitation code.")
    if Removal.objects.filter(module__in=module.original_id_query(), student=user).exists():
        return _(
            "Your teachers removed you from this module. Ask them to admit you again; "
            "then the invitation code works for you once more."
        )
    if user.institution_id is None or not module.partners.filter(pk=user.institution_id).exists():
        return _(
            "This module is run by %(partners)s; students of other institutions cannot join it."
        ) % {"partners": ", ".join(p.short_name for p in module.partners.all())}
    return None


def enrol(user, module):
    """Enrol `user` in `module` (its original page); return (enrolment, created).

    Raises JoinRefused with a message for the person when they may not join.
    """
    module = module.original()
    reason = refusal(user, module)
    if reason:
        raise JoinRefused(reason)
    with transaction.atomic():
        ensure_module_spaces(module)
        return Enrolment.objects.get_or_create(module=module, student=user)


def sign_up(form, module, language):
    """Create the student account of a valid SignupForm and enrol it in `module`, at once.

    The account and its enrolment are made in one transaction: a refused enrolment leaves
    no account behind. Returns the new user.
    """
    with transaction.atomic():
        user = form.save(commit=False)
        institution = form.cleaned_data["institution"]
        user.institution = institution
        user.timezone = institution.timezone
        user.language = language
        user.save()
        user.groups.add(Group.objects.get(name=STUDENTS))
        enrol(user, module)
    return user


def remove_student(module, student, *, by=None):
    """Remove a student from a module and its groups; their open sockets close at once.

    The removal is kept: the invitation code no longer lets them in until `readmit`.
    """
    with transaction.atomic():
        GroupMembership.objects.filter(module=module, student=student).delete()
        removed, _rows = Enrolment.objects.filter(module=module, student=student).delete()
        if removed:
            Removal.objects.update_or_create(
                module=module, student=student, defaults={"removed_by": by}
            )
            if by is not None:
                notify("removed_from_module", [student], actor=by, target=module)


def readmit(module, student):
    """Let a removed student join `module` with its invitation code again."""
    Removal.objects.filter(module=module, student=student).delete()


def removed_students(module):
    return list(
        Removal.objects.filter(module=module)
        .select_related("student__institution", "removed_by")
        .order_by("-created", "pk")
    )


def enrolled_students(module):
    return [
        enrolment.student
        for enrolment in Enrolment.objects.filter(module=module)
        .select_related("student__institution")
        .order_by("student__institution__short_name", "created", "pk")
    ]


def place_student(module, student, group, *, by=None):
    """Put an enrolled student in `group` (or in no group, with None)."""
    if group is not None and group.module_id != module.pk:
        raise ValueError("the group belongs to another module")
    with transaction.atomic():
        membership = GroupMembership.objects.filter(module=module, student=student).first()
        if group is None:
            if membership:
                membership.delete()
        elif membership is None:
            GroupMembership.objects.create(group=group, module=module, student=student)
            _tell_placed(module, {student.pk: group}, set(), by)
        elif membership.group_id != group.pk:
            membership.group = group
            membership.save()
            _tell_placed(module, {student.pk: group}, {student.pk}, by)


def _tell_placed(module, placed, moved, by):
    """Tell each student in `placed` ({student id: group}) of their group; `moved` had one."""
    if by is None:
        return
    audiences = {}
    for student_id, group in placed.items():
        kind = "group_moved" if student_id in moved else "group_placed"
        audiences.setdefault((kind, group), []).append(student_id)
    for (kind, group), student_ids in audiences.items():
        notify(
            kind,
            student_ids,
            actor=by,
            target=group.space.get_absolute_url(),
            about=module,
            group=group.name,
            group_number=group.number,
        )


def next_group_number(module):
    """The number after the module's groups (named ones count too) that no group has yet."""
    groups = StudentGroup.objects.filter(module=module)
    taken = set(groups.exclude(number=None).values_list("number", flat=True))
    number = groups.count() + 1
    while number in taken:
        number += 1
    return number


def add_group(module, name=None):
    """A new group of `module`: named `name`, or numbered after the module's other groups."""
    with transaction.atomic():
        if name:
            return StudentGroup.objects.create(module=module, name=name)
        return StudentGroup.objects.create(module=module, number=next_group_number(module))


def delete_group(group):
    """Delete a group that has no members and whose space has no messages."""
    counts = StudentGroup.objects.filter(pk=group.pk).aggregate(
        members=Count("memberships", distinct=True), messages=Max("space__messages__pk")
    )
    if counts["members"] or counts["messages"]:
        raise ValueError(_("Only an empty group without messages can be deleted."))
    group.delete()


def regroup(module, group_size, *, by=None):
    """Form mixed groups of every enrolled student (form_groups), reusing existing groups.

    Existing groups keep their names, numbers and spaces (messages are never lost); groups that are
    not needed any more are left empty for the teachers to delete or fill.
    """
    students = enrolled_students(module)
    partition = form_groups(students, group_size)
    with transaction.atomic():
        groups = list(
            StudentGroup.objects.filter(module=module).select_related("space").order_by("pk")
        )
        while len(groups) < len(partition):
            groups.append(add_group(module))
        current = dict(
            GroupMembership.objects.filter(module=module).values_list("student_id", "group_id")
        )
        wanted = {
            student.pk: groups[index].pk
            for index, members in enumerate(partition)
            for student in members
        }
        for membership in GroupMembership.objects.filter(module=module):
            if wanted.get(membership.student_id) != membership.group_id:
                membership.delete()
        by_id = {group.pk: group for group in groups}
        placed = {}
        for student_id, group_id in wanted.items():
            if current.get(student_id) != group_id:
                GroupMembership.objects.create(
                    group_id=group_id, module=module, student_id=student_id
                )
                placed[student_id] = by_id[group_id]
        _tell_placed(module, placed, set(placed) & set(current), by)
    return groups[: len(partition)]
