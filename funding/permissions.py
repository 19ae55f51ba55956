"""Who may do what with calls and applications: the one place that answers it."""

from django.http import Http404

from accounts.roles import COORDINATORS

from .choices import ApplicationState
from .models import Application, Review

# The group of the people a call's managers may assign as reviewers (made by a migration).
REVIEWERS = "Reviewers"


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


def is_reviewer(user):
    return user.is_authenticated and user.groups.filter(name=REVIEWERS).exists()


def assigned_review(user, pk):
    """The user's review of application `pk` if it is assigned to them; 404 otherwise.

    Only the assigned reviewer reads an application this way: its coordinators and the
    call's managers have their own pages, and nobody learns what others were assigned.
    """
    if not user.is_authenticated:
        raise Http404
    try:
        return (
            assigned_reviews(user)
            .select_related("application__call__funder", "application__institution")
            .get(application_id=pk)
        )
    except Review.DoesNotExist:
        raise Http404 from None


def assigned_reviews(user):
    """The reviews assigned to `user`, while they are in the Reviewers group."""
    if not user.is_authenticated:
        return Review.objects.none()
    return Review.objects.filter(reviewer=user, reviewer__groups__name=REVIEWERS)


def report_application(user, pk):
    """The application `pk` whose final report `user` may read: as `viewable_application`."""
    return viewable_application(user, pk)


def may_write_report(user, application):
    """The coordinators of the applicant institution, as for the application itself."""
    return is_coordinator(user) and application.institution_id == user.institution_id


def may_decide_report(user, application):
    """The managers of the application's call accept or return its report."""
    return may_manage_call(user, application.call)


def may_record_funding(user, application):
    """The call's managers record a funded project's amount and course module.

    Anyone may read the lists of funded projects (funding/views_funded.py): they are public.
    """
    return may_manage_call(user, application.call)


LETTER_STATES = (ApplicationState.AWARDED, ApplicationState.ACCEPTED)


def letter_application(user, pk):
    """The application `pk` for its grant letter: awarded or accepted and viewable; else 404."""
    application = viewable_application(user, pk)
    if application.state not in LETTER_STATES:
        raise Http404
    return application
