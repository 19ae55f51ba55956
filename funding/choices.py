"""The choices of calls and applications, apart from the models so that forms import them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    NOK = "NOK", "NOK"
    SEK = "SEK", "SEK"
    EUR = "EUR", "EUR"


class Allocation(models.TextChoices):
    DRAW = "draw", _("Random draw among eligible applications")
    REVIEW = "review", _("Ranked by review scores")
    REVIEW_WITH_DRAW = "review_draw", _("Ranked by review scores, a draw among tied ones")


class CallState(models.TextChoices):
    """Computed from the call's dates and what happened (`CallPage.state`), never typed."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    DECIDED = "decided", _("Decided")
    REPORTING = "reporting", _("Reporting")
    FINISHED = "finished", _("Finished")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    AWARDED = "awarded", _("Awarded")
    WAITING = "waiting", _("On the waiting list")
    ACCEPTED = "accepted", _("Place accepted")
    DECLINED = "declined", _("Place declined")
    LAPSED = "lapsed", _("Place lapsed")
