"""The JSON API of a person's own notifications (docs/protocol.md)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from collaboration.api import json_api, json_object
from collaboration.errors import ServiceError

from . import services
from .models import Notification
from .presentation import present, serialise_notification

NEWEST = 50
MOST_IDS = 500


@json_api("GET")
def my_notifications(request):
    notifications = Notification.objects.filter(recipient=request.user).select_related(
        "actor", "target_page"
    )[:NEWEST]
    return JsonResponse(
        {
            "unread": services.unread_count(request.user),
            "notifications": [serialise_notification(n) for n in present(notifications, request)],
        }
    )


@json_api("POST")
def mark_read(request):
    """`{"ids": [...]}` marks those read, `{"all": true}` every one; answers the unread count."""
    body = json_object(request)
    if body.get("all") is True:
        services.mark_all_read(request.user)
    else:
        ids = body.get("ids")
        if (
            not isinstance(ids, list)
            or not 0 < len(ids) <= MOST_IDS
            or not all(map(services.is_notification_id, ids))
        ):
            raise ServiceError(
                "invalid",
                _("“ids” must be a list of 1 to %(most)d notification ids.") % {"most": MOST_IDS},
            )
        if not services.mark_read(request.user, ids):
            raise ServiceError(
                "not_found", _("Some of these notifications do not exist, or are not yours.")
            )
    return JsonResponse({"unread": services.unread_count(request.user)})
