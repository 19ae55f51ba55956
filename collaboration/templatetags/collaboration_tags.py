from django import template
from django.utils import timezone, translation

from modules.models import EnrolmentState, ModuleTeacher

from .. import serialisation
from ..membership import JOINABLE_STATES, refusal
from ..models import Enrolment, GroupMembership, topic_label
from ..permissions import readable_spaces

register = template.Library()


@register.simple_tag(takes_context=True)
def module_actions(context, page):
    """What the signed-in person can do with a module, in a fixed number of queries.

    Returns a dict: `teacher`, `enrolled`, `spaces` (the ones they may enter), `group`,
    `can_join` (a student of a partner institution who may join now), `joinable`,
    `sign_in` (a visitor who is not signed in, while the module takes participants) and
    `refusal` (why a signed-in person may not join it now).
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
        "sign_in": False,
        "refusal": None,
    }
    if user is None or not user.is_authenticated:
        result["sign_in"] = joinable
        return result
    module_id = page.original_id_query().values_list("pk", flat=True).first()
    result["module"] = module_id
    teacher = ModuleTeacher.objects.teaches(user, module_id)
    enrolled = Enrolment.objects.filter(module_id=module_id, student_id=user.pk).exists()
    membership = (
        GroupMembership.objects.filter(module_id=module_id, student_id=user.pk)
        .select_related("group")
        .first()
    )
    group = membership.group if membership and enrolled else None
    result.update(teacher=teacher, enrolled=enrolled, group=group)
    result["spaces"] = list(
        readable_spaces(user).filter(module_id=module_id).select_related("group")
    )
    if not teacher and not enrolled and joinable:
        result["refusal"] = refusal(user, page)
        result["can_join"] = result["refusal"] is None
    return result


@register.filter
def message_html(message):
    """A message as the frames draw it, in the reader's time zone and language."""
    return serialisation.message_html(
        message, timezone.get_current_timezone(), translation.get_language()
    )


@register.filter(name="topic_label")
def topic_label_filter(topic):
    """A topic as people see it: "General" in their language for the default topic."""
    return topic_label(topic)
