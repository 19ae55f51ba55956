from django import template

from notifications.services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """The signed-in person's unread count (one query), or 0."""
    user = context["request"].user
    return unread_count(user) if user.is_authenticated else 0
