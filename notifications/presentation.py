"""What a notification says and where it leads, in the language active when it is shown."""

import datetime
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils import formats, timezone, translation
from django.utils.translation import get_language, get_language_from_path
from django.utils.translation import gettext as _
from wagtail.models import Page

from home.text import group_label

from .kinds import all_kinds


class _Params(dict):
    def __missing__(self, key):
        return ""


def present(notifications, request=None):
    """Give each notification `.text` and `.url` for the active language; returns a list.

    Expects `actor` and `target_page` selected with the notifications: the translations of
    the target pages in the active language come in one query.
    """
    notifications = list(notifications)
    localized = _localized_pages({n.target_page for n in notifications if n.target_page_id})
    language = get_language()
    for notification in notifications:
        page = localized.get(notification.target_page_id)
        notification.text = notification_text(notification, page)
        if page is not None and not notification.params.get("linked_path"):
            notification.url = page.get_url(request) or ""
        elif notification.target_url:
            notification.url = in_language(notification.target_url, language)
        else:
            notification.url = ""
    return notifications


def in_language(url, language):
    """The page at `url` (a path on this site) under `language`'s prefix.

    Paths of pages are stored in the language of whoever caused the notice
    (`/en/spaces/4/#m-9`), or, in notices older than the prefixed pages, without a prefix
    (`/spaces/4/`). Addresses at the root (the editor, `/admin/...`) stay as they are.
    """
    path = urlsplit(url).path
    prefix = get_language_from_path(path)
    if prefix is None:
        try:
            resolve(path)
        except Resolver404:
            return f"/{language}{url}" if path.startswith("/") else url
        return url
    # A path resolves only under its own language's prefix.
    with translation.override(prefix):
        return translate_url(url, language)


def notification_text(notification, page=None):
    kind = all_kinds().get(notification.kind)
    if kind is None:  # a kind that an app no longer registers
        return _("A notification of a kind this site no longer has.")
    values = _Params(notification.params)
    values["actor"] = notification.actor.name if notification.actor_id else _("Someone")
    if page is not None:
        values["title"] = page.title
    if values.get("group_number") is not None:
        # A numbered group reads "Group 1" in the reader's language.
        values["group"] = group_label(values["group"], values["group_number"])
    if values.get("deadline"):
        # An instant (ISO 8601) reads in the reader's zone: "24 June 2026, 10:00 (Europe/Oslo)".
        moment = timezone.localtime(datetime.datetime.fromisoformat(values["deadline"]))
        zone = timezone.get_current_timezone_name()
        values["deadline"] = f"{formats.date_format(moment, 'DATETIME_FORMAT')} ({zone})"
    if "space" in values:
        # A space of a module: its name (a kind's word, or its group's) and the module's title.
        place = _(values["space"]) if values["space"] else values["group"]
        values["title"] = _("%(space)s (%(module)s)") % {"space": place, "module": values["title"]}
    text = str(kind.text) % values
    if values.get("reason"):
        reason = _("Reason: %(reason)s") % {"reason": values["reason"]}
        text = f"{text} {reason}"
    return text


def _localized_pages(pages):
    """Each target page's id -> its live translation in the active language, or itself."""
    pages = {page.pk: page for page in pages}
    if not pages:
        return {}
    translations = Page.objects.filter(
        translation_key__in={page.translation_key for page in pages.values()},
        locale__language_code=get_language(),
        live=True,
    )
    by_key = {page.translation_key: page for page in translations}
    return {pk: by_key.get(page.translation_key, page) for pk, page in pages.items()}


def absolute_url(url):
    """`url` on the site's public base URL (WAGTAILADMIN_BASE_URL), for e-mails."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", url)


def serialise_notification(notification):
    """The JSON shape of a presented notification (docs/protocol.md)."""
    actor = notification.actor
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "text": notification.text,
        "url": notification.url,
        "actor": {"id": actor.pk, "name": actor.name} if actor else None,
        "created": notification.created.isoformat(),
        "read": notification.is_read,
    }
