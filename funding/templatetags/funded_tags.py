"""`{% funded_form application %}`: the managers' record of a funded project, on its page."""

from django import template

from funding.funded import FUNDED_STATES
from funding.permissions import may_record_funding

register = template.Library()


@register.inclusion_tag("funding/funded_form.html", takes_context=True)
def funded_form(context, application):
    from funding.views_funded import funding_form  # noqa: PLC0415 - views load these tags

    user = context["request"].user
    shown = application.state in FUNDED_STATES and may_record_funding(user, application)
    return {
        "application": application,
        "form": funding_form(application) if shown else None,
        "request": context["request"],
    }
