"""The public lists of funded projects, and the managers' record of a funded project.

`<call page URL>funded/` (a CallPage route) and `/<lang>/funding/funders/<id>/funded/`:
anyone may read both. `POST /<lang>/funding/applications/<id>/funding/`: the call's
managers set the granted amount and the course module of a funded application.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Institution
from collaboration.refusals import page, refusal_page
from modules.models import CourseModulePage

from .funded import FUNDED_STATES, call_projects, funder_calls
from .models import CallPage
from .permissions import may_record_funding, viewable_application


def call_funded(request, call_page):
    if request.method not in ("GET", "HEAD"):
        return refusal_page(request, _("Unknown action."), status=405)
    projects, totals = call_projects(call_page)
    context = {
        "page": call_page,
        "projects": projects,
        "totals": totals,
        "funder_url": reverse("funding:funder-funded", args=[call_page.funder_id]),
    }
    return TemplateResponse(request, "funding/funded_call.html", context)


@require_GET
@page
def funder_funded(request, institution_id):
    funder = get_object_or_404(Institution, pk=institution_id)
    if not CallPage.objects.live().public().filter(funder=funder).exists():
        raise Http404
    rows, totals = funder_calls(funder)
    context = {"funder": funder, "rows": rows, "totals": totals}
    return TemplateResponse(request, "funding/funded_funder.html", context)


def module_choices():
    """Published course modules, one choice each (the original of its translations): a
    manager is not shown the titles of others' unpublished modules."""
    earlier = CourseModulePage.objects.filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    return CourseModulePage.objects.live().public().filter(~Exists(earlier)).order_by("title")


class FundingRecordForm(forms.Form):
    granted_amount = forms.DecimalField(
        label=gettext_lazy("Granted amount"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=gettext_lazy("Empty: the call's fixed grant."),
    )
    module = forms.ModelChoiceField(
        label=gettext_lazy("Course module"),
        queryset=CourseModulePage.objects.none(),
        required=False,
        help_text=gettext_lazy("Only published modules are offered."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = module_choices()


def funding_form(application, data=None):
    initial = {"granted_amount": application.granted_amount, "module": application.module_id}
    return FundingRecordForm(data, initial=initial)


@login_required
@require_POST
@page
def record_funding(request, pk):
    application = viewable_application(request.user, pk)
    if not may_record_funding(request.user, application):
        return refusal_page(request, _("Only the call's managers can do this."))
    if application.state not in FUNDED_STATES:
        return refusal_page(
            request, _("Only a funded project has a granted amount and a module."), status=400
        )
    form = funding_form(application, request.POST)
    if not form.is_valid():
        errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return refusal_page(request, errors, title=_("Not saved"), status=400)
    application.granted_amount = form.cleaned_data["granted_amount"]
    application.module = form.cleaned_data["module"]
    application.save(update_fields=["granted_amount", "module", "updated_at"])
    messages.success(request, _("The funded project is saved."))
    return redirect(application.get_absolute_url())
