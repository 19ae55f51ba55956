"""Who takes part in a module, as far as the module pages need to know.

Online meeting links of sessions are shown only to participants. Teachers are known here;
other apps add their own rule (for example enrolment) through the Wagtail hook
`module_participant_check`: a function `(module, user) -> bool`, where `module` is the
original page, that says whether `user` takes part.
"""

from wagtail import hooks


def can_see_session_links(module, user, teacher_ids=None):
    """Whether `user` may see the online links of `module`'s sessions.

    `teacher_ids`, when given, is the set of user ids listed as teachers (saves a query).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if teacher_ids is not None:
        if user.pk in teacher_ids:
            return True
    elif module.is_teacher(user):
        return True
    return any(check(module, user) for check in hooks.get_hooks("module_participant_check"))
