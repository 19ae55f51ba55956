import asyncio
import logging
import uuid

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from collaboration import counters

from .search import search_site

logger = logging.getLogger(__name__)

CHECK_TIMEOUT = 3  # seconds


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _check_channel_layer():
    """A frame sent to a group reaches a channel that joined it, as discussion frames must."""
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel()
    group = f"health.{uuid.uuid4().hex}"
    token = uuid.uuid4().hex
    await layer.group_add(group, channel)
    try:
        await layer.group_send(group, {"type": "health.ping", "token": token})
        message = await layer.receive(channel)
    finally:
        await layer.group_discard(group, channel)
    if message.get("token") != token:
        raise RuntimeError("channel layer returned an unexpected message")


async def healthz(request):
    """Report whether the database and the channel layer answer: 200, or 503 naming the failure."""
    report = {}
    try:
        await asyncio.wait_for(sync_to_async(_check_database)(), CHECK_TIMEOUT)
        report["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        logger.warning("health check: database failed: %s", exc)
        report["database"] = "error"
    try:
        await asyncio.wait_for(_check_channel_layer(), CHECK_TIMEOUT)
        report["channel_layer"] = "ok"
    except Exception as exc:  # noqa: BLE001
        logger.warning("health check: channel layer failed: %s", exc)
        report["channel_layer"] = "error"
    status = 200 if all(value == "ok" for value in report.values()) else 503
    return JsonResponse(report, status=status, headers={"Cache-Control": "no-store"})


def delivery_counters(request):
    """This process's counts of delivery trouble since it started (collaboration/counters.py)."""
    return JsonResponse(counters.snapshot(), headers={"Cache-Control": "no-store"})


def search(request):
    """The site-wide search page, `/<lang>/search/?q=`: results by kind (`home/search.py`)."""
    query = request.GET.get("q", "")
    counts, results = search_site(request, query, request.GET.get("page"))
    return render(
        request,
        "home/search.html",
        {"query": query.strip(), "counts": counts, "results": results},
    )


# The help pages, one per role: its URL slug, and its title.
HELP_ROLES = {
    "student": _("Help for students"),
    "teacher": _("Help for teachers"),
    "coordinator": _("Help for coordinators"),
    "editor": _("Help for editors"),
}


def help_page(request, role=None):
    """`/<lang>/help/` lists the roles; `/<lang>/help/<role>/` says what that role can do."""
    if role is not None and role not in HELP_ROLES:
        raise Http404
    return render(
        request,
        f"help/{role or 'index'}.html",
        {"role": role, "roles": HELP_ROLES.items(), "title": HELP_ROLES.get(role, _("Help"))},
    )
