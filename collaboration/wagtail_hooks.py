from wagtail import hooks

from .permissions import is_enrolled


@hooks.register("module_participant_check")
def enrolled_students_take_part(module, user):
    """Enrolled students take part in a module's sessions (and see their online links)."""
    return is_enrolled(user, module.pk)
