"""Who may read, post and hide in each kind of discussion space (`docs/permissions.md`).

| space          | read and post                               | hide               |
|----------------|---------------------------------------------|--------------------|
| plaza          | the module's enrolled students and teachers | the module's teachers |
| group          | that group's students and the module's teachers | the module's teachers |
| teachers' room | the module's teachers                       | the module's teachers |

Superusers read and hide everywhere (they post only where they also take part).
Coordinators and editors get nothing here unless they also teach the module.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from modules.models import ModuleTeacher

from .models import Enrolment, GroupMembership, Space, SpaceKind


@dataclass(frozen=True)
class SpaceAccess:
    read: bool = False
    post: bool = False
    hide: bool = False


NO_ACCESS = SpaceAccess()


def is_module_teacher(user, module_id):
    """Whether `user` teaches the module whose original page has this id."""
    return ModuleTeacher.objects.teaches(user, module_id)


def is_enrolled(user, module_id):
    return Enrolment.objects.filter(module_id=module_id, student_id=user.pk).exists()


def space_access(user, space):
    """What `user` may do in `space`, as a `SpaceAccess`."""
    if not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    if is_module_teacher(user, space.module_id):
        return SpaceAccess(read=True, post=True, hide=True)
    if space.kind == SpaceKind.PLAZA:
        takes_part = is_enrolled(user, space.module_id)
    elif space.kind == SpaceKind.GROUP:
        # A group member who is no longer enrolled in the module has no access either.
        takes_part = GroupMembership.objects.filter(
            group_id=space.group_id,
            student_id=user.pk,
            student__enrolments__module_id=space.module_id,
        ).exists()
    else:
        takes_part = False
    return SpaceAccess(
        read=takes_part or user.is_superuser,
        post=takes_part,
        hide=user.is_superuser,
    )


def readable_spaces(user):
    """A queryset of the spaces `user` may read."""
    if not user.is_authenticated or not user.is_active:
        return Space.objects.none()
    if user.is_superuser:
        return Space.objects.all()
    teaching = ModuleTeacher.objects.filter(user_id=user.pk).values("page_id")
    enrolled = Enrolment.objects.filter(student_id=user.pk).values("module_id")
    groups = GroupMembership.objects.filter(student_id=user.pk, module_id__in=enrolled).values(
        "group_id"
    )
    return Space.objects.filter(
        Q(module_id__in=teaching)
        | Q(kind=SpaceKind.PLAZA, module_id__in=enrolled)
        | Q(kind=SpaceKind.GROUP, group_id__in=groups)
    )


def space_people(space):
    """A queryset of the active people who take part in `space`: who may read it as its own.

    The same rule as `space_access` read, without the superusers, who read every space as
    overseers and are not people of it (not offered in the composer, not mentioned).
    """
    teachers = ModuleTeacher.objects.filter(page_id=space.module_id).values("user_id")
    if space.kind == SpaceKind.PLAZA:
        takes_part = Q(enrolments__module_id=space.module_id)
    elif space.kind == SpaceKind.GROUP:
        takes_part = Q(
            pk__in=GroupMembership.objects.filter(group_id=space.group_id).values("student_id"),
            enrolments__module_id=space.module_id,
        )
    else:
        takes_part = Q(pk__in=[])
    return (
        get_user_model().objects.filter(Q(pk__in=teachers) | takes_part, is_active=True).distinct()
    )
