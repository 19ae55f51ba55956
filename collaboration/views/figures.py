"""The participation figures, as a page or as CSV."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.reports import reported_for

from .. import participation
from ..forms import ParticipationFilterForm
from ..refusals import refusal_page


@login_required
def participation_figures(request):
    """Counts of enrolment and discussion per module, as a page or as CSV (`?format=csv`)."""
    if not participation.may_see_participation(request.user):
        return refusal_page(
            request, _("Participation figures are for coordinators, editors and teachers.")
        )
    output = request.GET.get("format", "html")
    if output not in ("html", "csv"):
        return refusal_page(
            request,
            _("The figures can be shown as a page or downloaded as CSV (format=csv)."),
            title=_("Unknown format"),
            status=400,
        )
    form = ParticipationFilterForm(request.GET)
    scope = participation.scope_for(request.user)
    if not form.is_valid():
        return render(
            request,
            "collaboration/participation.html",
            {"form": form, "scope": scope, "figures": []},
            status=400,
        )
    state = form.cleaned_data["state"]
    figures = participation.module_figures(request.user, scope, state=state, request=request)
    if output == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"participation-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        response.write("\ufeff")  # lets spreadsheet programs recognise UTF-8
        participation.write_csv(response, figures, request)
        return response
    # The figures of accepted final reports of funded projects count too (funding/reports.py).
    reported = reported_for(everything=scope.everything, institution=scope.institution)
    enrolled = sum(entry.enrolled_total for entry in figures)
    query = urlencode({"state": state, "format": "csv"} if state else {"format": "csv"})
    return render(
        request,
        "collaboration/participation.html",
        {
            "form": form,
            "scope": scope,
            "state": state,
            "figures": figures,
            "partnerships": participation.partnerships(figures, scope.institution)
            if scope.institution
            else [],
            "csv_url": f"{request.path}?{query}",
            "reported": reported,
            "enrolled": enrolled,
            "taking_part": enrolled + (reported.pupils if reported else 0),
        },
    )
