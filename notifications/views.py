"""A person's own notifications: the list, marking read, and what they receive by e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import NotificationSettingsForm
from .models import Notification, NotificationSettings
from .presentation import present

PER_PAGE = 20


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user).select_related(
        "actor", "target_page"
    )
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = present(page.object_list, request)
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "unread": services.unread_count(request.user)},
    )


@login_required
@require_POST
def mark_read(request, notification_id):
    if not services.mark_read(request.user, [notification_id]):
        return render(
            request,
            "notifications/not_found.html",
            {"text": _("This notification does not exist, or it is not yours.")},
            status=404,
        )
    return _back_to_list(request)


@login_required
@require_POST
def mark_all_read(request):
    if services.mark_all_read(request.user):
        messages.success(request, _("Every notification is marked read."))
    return _back_to_list(request)


def _back_to_list(request):
    """Back to the page of the list the form was on (a `next` on this site only)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("notifications:list")
    return redirect(target)


@login_required
def notification_settings(request):
    instance = NotificationSettings.objects.filter(user=request.user).first()
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None,
        instance=instance or NotificationSettings(user=request.user),
    )
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("notifications:settings")
        status = 400
    else:
        status = 200
    return render(request, "notifications/settings.html", {"form": form}, status=status)
