from django import template

from ..participation import may_see_participation

register = template.Library()


@register.simple_tag(takes_context=True)
def sees_participation(context):
    """Whether the header offers the participation figures (at most one query per request)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and may_see_participation(user)
