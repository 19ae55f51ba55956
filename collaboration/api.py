"""The JSON API of discussion spaces (docs/protocol.md).

Session authentication; POST needs the CSRF token. Errors are `{"error", "detail"}` with
the HTTP status of the error code.
"""

import json
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.db.models import F
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as default_failure
from django.views.decorators.cache import never_cache

from modules.models import CourseModulePage

from . import changes, services
from .errors import ServiceError
from .ids import CHANGE_NUMBER, whole_number_param
from .mentions import people_to_mention
from .outages import UNAVAILABLE_ERRORS, unavailable
from .permissions import space_access
from .refusals import keep_not_found
from .serialisation import serialise_message

QUERY_MAX_LENGTH = 100


def error_response(code, detail, status=None, retry_after=None):
    error = ServiceError(code, detail, retry_after)
    response = JsonResponse(error.as_dict(), status=status or error.status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def json_api(*methods):
    """Signed-in users only (401 JSON, not a login redirect); every refusal is JSON."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                response = error_response(
                    "method_not_allowed", _("This address does not take that method."), 405
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                if not request.user.is_authenticated:
                    return error_response("unauthenticated", _("Sign in to use this API."))
                response = view(request, *args, **kwargs)
            except UNAVAILABLE_ERRORS as error:
                refusal = unavailable(error, request.path)
                response = error_response(
                    refusal.code, refusal.detail, retry_after=refusal.retry_after
                )
            except ServiceError as error:
                response = error_response(error.code, error.detail, retry_after=error.retry_after)
            return keep_not_found(request, response)

        return never_cache(wrapper)

    return decorator


def csrf_failure(request, reason=""):
    """CSRF refusals as JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        if not request.user.is_authenticated:
            return error_response("unauthenticated", _("Sign in to use this API."))
        return error_response("forbidden", _("CSRF check failed: %(reason)s") % {"reason": reason})
    return default_failure(request, reason)


@json_api("GET")
def my_spaces(request):
    spaces = list(
        services.readable_spaces_with_unread(request.user)
        .select_related("group")
        .order_by("module_id", "kind", F("group__number").asc(nulls_last=True), "name", "pk")
    )
    modules = {
        page.pk: page
        for page in CourseModulePage.objects.filter(pk__in={space.module_id for space in spaces})
    }
    module_data = {}
    for module_id, page in modules.items():
        localized = page.localized
        module_data[module_id] = {
            "id": page.pk,
            "title": localized.title,
            "url": localized.get_url(request),
        }
    # A JSON list at the top level, as docs/protocol.md documents it.
    return JsonResponse(
        [
            {
                "id": space.pk,
                "name": space.label,
                "kind": space.kind,
                "module": module_data[space.module_id],
                "unread": space.unread,
                "url": space.get_absolute_url(),
            }
            for space in spaces
        ],
        safe=False,
    )


def _id_param(request, name, what=None):
    return whole_number_param(request.GET.get(name), name, what)


@json_api("GET", "POST")
def space_messages(request, space_id):
    space = services.get_space(space_id)
    if request.method == "POST":
        return _post(request, space)
    if not space_access(request.user, space).read:
        raise ServiceError("forbidden", _("You are not a member of this discussion space."))
    after_seq = _id_param(request, "after_seq", CHANGE_NUMBER)
    if after_seq is not None:
        found, head, has_more = changes.changes_after(space.pk, after_seq)
        return JsonResponse({"changes": found, "head": head, "has_more": has_more})
    after, before = _id_param(request, "after"), _id_param(request, "before")
    limit = _id_param(request, "limit")
    if limit is None:
        limit = services.PAGE_LIMIT_DEFAULT
    if not 1 <= limit <= services.HISTORY_LIMIT:
        raise ServiceError("invalid", _("limit must be between 1 and 100."))
    topic = request.GET.get("topic")
    if topic is not None:
        topic = services.clean_topic(topic)
    messages, has_more = services.list_messages(
        space, after=after, before=before, limit=limit, topic=topic
    )
    return JsonResponse(
        {
            "messages": [serialise_message(message) for message in messages],
            "has_more": has_more,
        }
    )


@json_api("GET")
def space_people(request, space_id):
    """The people of a space whose name has `q`, for the composer's @ suggestions."""
    space = services.get_space(space_id)
    if not space_access(request.user, space).read:
        raise ServiceError("forbidden", _("You are not a member of this discussion space."))
    query = request.GET.get("q", "")[:QUERY_MAX_LENGTH]
    return JsonResponse(people_to_mention(space, query, request.user), safe=False)


def json_object(request):
    """The request body as a JSON object, or ServiceError too_long or invalid."""
    try:
        raw = request.body
    except RequestDataTooBig:
        raise ServiceError("too_long", _("The request is too large.")) from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise ServiceError("invalid", _("The request body must be JSON.")) from None
    if not isinstance(data, dict):
        raise ServiceError("invalid", _("The request body must be a JSON object."))
    return data


def _post(request, space):
    data = json_object(request)
    if "client_id" not in data or "body" not in data:
        raise ServiceError("invalid", _("client_id and body are required."))
    posted = services.post_message(
        user=request.user,
        space=space,
        body=data["body"],
        client_id=data["client_id"],
        topic=data.get("topic"),
    )
    message = posted.message
    if message.hidden:
        # A repeat of a message hidden since: stored once, and never shown again to anyone.
        return JsonResponse(
            {
                "id": message.pk,
                "client_id": posted.data["client_id"],
                "space": space.pk,
                "seq": message.seq,
                "hidden": True,
            }
        )
    return JsonResponse(posted.data, status=201 if posted.created else 200)
