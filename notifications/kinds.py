"""The kinds of notification: what each says and how it is delivered unless a person chooses.

A notification stores its kind and parameters, never a translated sentence: the text is
made when someone reads it, in their language. Other apps add kinds with the Wagtail hook
`register_notification_kinds`, a function returning a list of `Kind`:

    @hooks.register("register_notification_kinds")
    def event_kinds():
        return [Kind("event_reminder", _("Event reminders"), _("“%(title)s” starts soon."))]

Texts are %-format strings; the parameters are those given to `notify()`, plus `actor` (the
name of the person who acted) and `title` (the target page's title in the reader's
language, when the target or `about` is a page). A `reason` parameter is added as its own
sentence; a `group_number` parameter (a group the platform formed and numbered) makes `group`
read "Group 1" in the reader's language; a `space` parameter (a word of the catalogue, or empty
for a group's space: `Space.notice_arguments()`) makes `title` read "Plaza (module title)" in
the reader's language; a `deadline` parameter (an instant in ISO 8601) reads in the reader's
time zone, with the zone named.
"""

from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .choices import Delivery


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # for the preferences page
    text: str
    default_delivery: str = Delivery.IMMEDIATE


BUILT_IN = [
    Kind(
        "approval_requested",
        _("Approval requested from you"),
        _("%(actor)s asks you to approve “%(title)s”."),
    ),
    Kind(
        "approval_given",
        _("Approval given"),
        _("%(actor)s approved “%(title)s”."),
        Delivery.DIGEST,
    ),
    Kind(
        "approval_refused",
        _("Approval refused"),
        _("%(actor)s asked for changes to “%(title)s”."),
    ),
    Kind(
        "module_published",
        _("Module published"),
        _("“%(title)s” is published."),
    ),
    Kind(
        "group_placed",
        _("Placed in a group"),
        _("You are in the group “%(group)s” of “%(title)s”."),
    ),
    Kind(
        "group_moved",
        _("Moved to another group"),
        _("You were moved to the group “%(group)s” of “%(title)s”."),
    ),
    Kind(
        "mentioned",
        _("Mentioned in a discussion"),
        _("%(actor)s mentioned you in “%(title)s”."),
    ),
    Kind(
        "message_hidden",
        _("Your message hidden"),
        _("%(actor)s hid your message in “%(title)s”."),
    ),
    Kind(
        "removed_from_module",
        _("Removed from a module"),
        _("You were removed from “%(title)s”."),
    ),
]


@cache
def all_kinds():
    """Every kind by name: the built-in ones, then those other apps register."""
    kinds = {kind.name: kind for kind in BUILT_IN}
    for hook in hooks.get_hooks("register_notification_kinds"):
        for kind in hook():
            if kind.name in kinds:
                raise ValueError(f"Notification kind {kind.name!r} is registered twice.")
            kinds[kind.name] = kind
    return kinds


def get_kind(name):
    try:
        return all_kinds()[name]
    except KeyError:
        raise LookupError(f"{name!r} is not a notification kind.") from None
