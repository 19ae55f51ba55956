from django import template

from accounts.roles import STUDENTS
from modules.models import CourseModulePage, EnrolmentState, ModuleTeacher

from ..membership import JOINABLE_STATES
from ..models import Enrolment, GroupMembership, Space, SpaceKind

register = template.Library()


@register.simple_tag(takes_context=True)
def module_actions(context, page):
    """What the signed-in person can do with a module, in a fixed number of queries.

    Returns a dict: `teacher`, `enrolled`, `spaces` (the ones they may enter), `group`,
    `can_join` (a student of a partner institution who may join now), `joinable`.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    joinable = page.enrolment_state in JOINABLE_STATES
    result = {
        "module": None,
        "teacher": False,
        "enrolled": False,
        "spaces": [],
        "group": None,
        "can_join": False,
        "joinable": joinable,
        "completed": page.enrolment_state == EnrolmentState.COMPLETED,
    }
    if user is None or not user.is_authenticated:
        return result
    module_id = (
        CourseModulePage.objects.filter(translation_key=page.translation_key)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    result["module"] = module_id
    teacher = ModuleTeacher.objects.filter(page_id=module_id, user_id=user.pk).exists()
    enrolled = Enrolment.objects.filter(module_id=module_id, student_id=user.pk).exists()
    membership = (
        GroupMembership.objects.filter(module_id=module_id, student_id=user.pk)
        .select_related("group")
        .first()
    )
    group = membership.group if membership and enrolled else None
    spaces = list(Space.objects.filter(module_id=module_id).select_related("group"))
    result.update(teacher=teacher, enrolled=enrolled, group=group)
    if teacher or user.is_superuser:
        result["spaces"] = spaces
    elif enrolled:
        result["spaces"] = [
            space
            for space in spaces
            if space.kind == SpaceKind.PLAZA
            or (space.kind == SpaceKind.GROUP and group and space.group_id == group.pk)
        ]
    if not teacher and not enrolled and joinable and user.institution_id:
        result["can_join"] = (
            user.groups.filter(name=STUDENTS).exists()
            and page.partners.filter(pk=user.institution_id).exists()
        )
    return result
