"""The funding app's notification kinds and periodic task."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.search import SearchKind
from notifications.kinds import Kind

from .models import CallIndexPage, CallPage
from .tasks import lapse_unanswered_places, send_report_reminders


@hooks.register("register_notification_kinds")
def funding_kinds():
    # `deadline` reads in the reader's zone (notifications/presentation.py).
    return [
        Kind(
            "funding_awarded",
            _("A funding application awarded a place"),
            _(
                "Your application %(reference)s to “%(title)s” was awarded a place; "
                "accept or decline it by %(deadline)s."
            ),
        ),
        Kind(
            "funding_waiting",
            _("A funding application on the waiting list"),
            _(
                "Your application %(reference)s to “%(title)s” is number %(position)s "
                "on the waiting list."
            ),
        ),
        Kind(
            "funding_promoted",
            _("A place offered from the waiting list"),
            _(
                "A place came free: your application %(reference)s to “%(title)s” now has "
                "one; accept or decline it by %(deadline)s."
            ),
        ),
        # Review and scores (reviews.py).
        Kind(
            "funding_review_assigned",
            _("A funding application assigned to you for review"),
            _("You are asked to review the application %(reference)s to “%(title)s”."),
        ),
        # Final reports (reports.py); `deadline` is the due date's last minute.
        Kind(
            "funding_report_due",
            _("A final report due soon"),
            _(
                "The final report on your application %(reference)s to “%(title)s” "
                "is due by %(deadline)s."
            ),
        ),
        Kind(
            "funding_report_overdue",
            _("A final report overdue"),
            _(
                "The final report on your application %(reference)s to “%(title)s” "
                "was due by %(deadline)s and is overdue."
            ),
        ),
        Kind(
            "funding_report_accepted",
            _("A final report accepted"),
            _("The final report on your application %(reference)s to “%(title)s” was accepted."),
        ),
        Kind(
            "funding_report_returned",
            _("A final report returned for changes"),
            _(
                "The final report on your application %(reference)s to “%(title)s” "
                "was returned to you for changes."
            ),
        ),
    ]


@hooks.register("register_periodic_tasks")
def funding_tasks():
    return [lapse_unanswered_places, send_report_reminders]


@hooks.register("site_search_kind")
def call_search_kind():
    return SearchKind("calls", _("Funding calls"), CallPage)


@hooks.register("construct_explorer_page_queryset")
def only_own_funders_calls(parent_page, pages, request):
    """Under a calls index the admin lists, to anyone but a superuser, only the calls of their
    own institution: the others they may not open (`permission_testers.py`)."""
    if request.user.is_superuser or parent_page.specific_class is not CallIndexPage:
        return pages
    others = CallPage.objects.exclude(funder_id=request.user.institution_id)
    return pages.exclude(pk__in=others.values("pk"))
