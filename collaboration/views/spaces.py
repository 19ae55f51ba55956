"""The discussion page of a space, hiding a message, and a group's page."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modules.scheduling import golden_hours

from .. import changes, presence, services
from ..forms import MessageForm
from ..ids import id_from_link
from ..models import Message, Space, StudentGroup
from ..permissions import is_module_teacher, readable_spaces, space_access
from ..protocol import client_protocol
from ..refusals import refusal_page

PAGE_SIZE = 30


@login_required
def space_page(request, space_id):
    space = get_object_or_404(Space.objects.select_related("module", "group"), pk=space_id)
    access = space_access(request.user, space)
    if not access.read:
        return refusal_page(request, _("You are not a member of this discussion space."))
    status = 200
    form = None
    if access.post:
        form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            return refusal_page(request, _("You can read this space but not post in it."))
        if form.is_valid():
            try:
                posted = services.post_message(
                    user=request.user,
                    space=space,
                    body=form.cleaned_data["body"],
                    client_id=form.cleaned_data["client_id"],
                    topic=form.cleaned_data["topic"] or None,
                )
            except services.ServiceError as error:
                form.add_error(error.field or "body", error.detail)
                status = error.status
            else:
                return redirect(f"{space.get_absolute_url()}#m-{posted.message.pk}")
        else:
            status = 400

    # Read before the messages: the page holds every change up to it, and the live client
    # syncs the changes after it.
    head_seq = changes.head(space.pk)
    visible = Message.objects.filter(space=space, hidden=False)
    # No `topic` shows every topic; `?topic=` (empty) the default topic.
    topic = request.GET.get("topic")
    if topic is not None:
        try:
            topic = services.clean_topic(topic)
        except services.ServiceError as error:
            return refusal_page(request, error.detail, title=_("Not a topic"), status=400)
        visible = visible.filter(topic=topic)
    after, before = id_from_link(request.GET.get("after")), id_from_link(request.GET.get("before"))
    page, _more = services.list_messages(
        space, after=after, before=before, limit=PAGE_SIZE, topic=topic
    )
    has_older = bool(page) and visible.filter(pk__lt=page[0].pk).exists()
    has_newer = bool(page) and visible.filter(pk__gt=page[-1].pk).exists()
    page = _with_own_hidden(page, space, request.user, topic, has_older, has_newer)
    last_read = services.last_read_id(request.user, space)
    if page and not has_newer and topic is None:
        services.mark_read(user=request.user, space=space, up_to=page[-1].pk)

    context = {
        "space": space,
        "module": space.module.localized,
        "access": access,
        "form": form,
        "page_messages": page,
        "has_older": has_older,
        "has_newer": has_newer,
        "topic": topic,
        "topics": list(
            Message.objects.filter(space=space, hidden=False)
            .order_by("topic")
            .values_list("topic", flat=True)
            .distinct()[:100]
        ),
        "last_read": last_read,
        "head_seq": head_seq,
        "online": presence.online(space.pk),
        "other_spaces": list(
            readable_spaces(request.user).filter(module_id=space.module_id).select_related("group")
        ),
        "fresh_client_id": uuid.uuid4(),
        "protocol": client_protocol(),
    }
    return render(request, "collaboration/space.html", context, status=status)


def _with_own_hidden(page, space, user, topic, has_older, has_newer):
    """The page's messages and, among them, the reader's own hidden ones (marked as such).

    Only their author sees them here; the frames and everyone else get the tombstone.
    """
    mine = Message.objects.filter(space=space, hidden=True, author_id=user.pk).select_related(
        "author__institution", "hidden_by"
    )
    if topic:
        mine = mine.filter(topic=topic)
    if page and has_older:
        mine = mine.filter(pk__gt=page[0].pk)
    if page and has_newer:
        mine = mine.filter(pk__lt=page[-1].pk)
    return sorted([*page, *mine], key=lambda message: message.pk)


@login_required
@require_POST
def hide(request, space_id, message_id):
    space = get_object_or_404(Space, pk=space_id)
    try:
        services.hide_message(
            user=request.user,
            space=space,
            message_id=message_id,
            reason=request.POST.get("reason"),
        )
    except services.ServiceError as error:
        if error.code == "not_found":
            raise Http404(error.detail) from None
        return refusal_page(request, error.detail)
    messages.success(request, _("The message is hidden."))
    return redirect(space.get_absolute_url())


@login_required
def group_page(request, group_id):
    group = get_object_or_404(StudentGroup.objects.select_related("module", "space"), pk=group_id)
    access = space_access(request.user, group.space)
    if not access.read:
        return refusal_page(
            request, _("Only the group's members and the module's teachers see it.")
        )
    members = list(group.members.select_related("institution").order_by("institution__short_name"))
    now = timezone.now()
    zones = []
    for member in members:
        if member.timezone not in zones:
            zones.append(member.timezone)
    week_start = timezone.localdate(now)
    hours = golden_hours(zones, week_start, days=7)
    return render(
        request,
        "collaboration/group.html",
        {
            "group": group,
            "module": group.module.localized,
            "original": group.module,
            "members": [(member, now.astimezone(member.tzinfo)) for member in members],
            "golden_hours": hours,
            "week_end": week_start + datetime.timedelta(days=6),
            "can_manage": request.user.is_superuser
            or is_module_teacher(request.user, group.module_id),
        },
    )
