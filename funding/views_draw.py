"""The draw of a call: `<call page URL>draw.json` and `<call page URL>draw/` (CallPage routes).

Anyone may read both; only the call's managers may freeze the eligible list, set the
beacon and draw (POST with CSRF), others get 403.
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collaboration.refusals import refusal_page

from . import allocation
from .choices import Allocation
from .permissions import may_manage_call


def _draw_call(page):
    if page.allocation != Allocation.DRAW:
        raise Http404
    return page.original()


def draw_json(request, page):
    call = _draw_call(page)
    if request.method not in ("GET", "HEAD"):
        return JsonResponse({"detail": "Method not allowed."}, status=405)
    response = JsonResponse(
        allocation.record_of(call), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    return response


ACTIONS = {
    "freeze": (allocation.freeze_eligible, gettext_lazy("The eligible list is frozen.")),
    "draw": (allocation.run_draw, gettext_lazy("The draw has been made.")),
}


def draw_page(request, page):
    call = _draw_call(page)
    here = page.url + page.reverse_subpage("draw")
    manages = may_manage_call(request.user, call)
    if request.method == "POST":
        if not manages:
            return refusal_page(request, _("Only the call's managers can do this."))
        action = request.POST.get("action")
        try:
            if action == "beacon":
                allocation.set_beacon(call, request.POST.get("beacon", ""), request.user)
                messages.success(request, _("The beacon is saved."))
            elif action in ACTIONS:
                service, done = ACTIONS[action]
                service(call, request.user)
                messages.success(request, done)
            else:
                return refusal_page(request, _("Unknown action."), status=400)
        except allocation.DrawRefused as refusal:
            messages.error(request, str(refusal))
        return redirect(here)
    if request.method not in ("GET", "HEAD"):
        return refusal_page(request, _("Unknown action."), status=405)
    draw = allocation.ensure_draw(call)
    record = allocation.record_of(call)
    now = timezone.now()
    context = {
        "page": page,
        "call": call,
        "draw": draw,
        "record": record,
        "json_url": page.url + "draw.json",
        "full_json_url": page.full_url + "draw.json",
        "here": here,
        "manages": manages,
        "deadline_passed": now > call.deadline,
        "may_set_beacon": manages and now < call.opens_at,
        "may_freeze": manages and now > call.deadline and draw.eligible is None,
        "may_draw": manages
        and now > call.deadline
        and draw.eligible is not None
        and draw.drawn_at is None,
    }
    return TemplateResponse(request, "funding/draw.html", context)
