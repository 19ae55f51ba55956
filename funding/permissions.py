"""Who may do what with calls and applications: the one place that answers it."""

from django.http import Http404

from accounts.roles import COORDINATORS

from .choices import ApplicationState
from .models import Application


def is_coordinator(user):
    return (
        user.is_authenticated
        and user.institution_id is not None
        and user.groups.filter(name=COORDINATORS).exists()
    )


def may_manage_call(user, call):
    """Managers of a call: superusers and those who may edit the call page in Wagtail."""
    return call.managed_by(user)


def own_application(user, pk):
    """The application `pk` if it is one of the coordinator's institution; 404 otherwise.

    A 404, not a 403, so that nobody learns that another institution's application exists.
    """
    if not is_coordinator(user):
        raise Http404
    try:
        return Application.objects.select_related("call__funder", "institution").get(
            pk=pk, institution_id=user.institution_id
        )
    except Application.DoesNotExist:
        raise Http404 from None


def viewable_application(user, pk):
    """The application `pk` for its own coordinators or the call's managers; 404 otherwise."""
    try:
        application = Application.objects.select_related("call__funder", "institution").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None
    if is_coordinator(user) and application.institution_id == user.institution_id:
        return application
    if may_manage_call(user, application.call):
        return application
    raise Http404


LETTER_STATES = (ApplicationState.AWARDED, ApplicationState.ACCEPTED)


def letter_application(user, pk):
    """The application `pk` for its grant letter: awarded or accepted and viewable; else 404."""
    application = viewable_application(user, pk)
    if application.state not in LETTER_STATES:
        raise Http404
    return application
