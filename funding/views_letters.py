"""The grant letter of an awarded or accepted application: a page to read and print."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from collaboration.refusals import page

from .choices import ApplicationState
from .permissions import letter_application


def decided_at(application):
    """When the place was given: the award of this application (a draw, a review or a place
    offered from the waiting list), or the call's decision if none was recorded."""
    award = application.events.filter(to_state=ApplicationState.AWARDED).last()
    return award.at if award else application.call.decided_at


@login_required
@page
def letter(request, pk):
    application = letter_application(request.user, pk)
    call = application.call
    context = {
        "application": application,
        "call": call,
        "call_page": call.localized,
        "decided_at": decided_at(application),
        "funder_zone": call.funder.tzinfo,
        "still_awarded": application.state == ApplicationState.AWARDED,
    }
    return render(request, "funding/letter.html", context)
