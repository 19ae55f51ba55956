"""Who hears of a module's approval and publication (the notices of the partner approval).

- approval asked: the people who may approve for each partner still to approve;
- approval given by one partner while others are still to approve, and changes asked for:
  the module's other teachers;
- published: the module's teachers except the person whose action published it.

Nobody is told of their own action. Approval notices lead to the module in the editor,
where the work is done; the publication notice to the public page.
"""

from django.urls import reverse

from notifications.services import notify

from .models.roster import module_roster


def _editor(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _others(ids, by):
    return set(ids) - {getattr(by, "pk", None)}


def approval_requested(status, by):
    ids = {
        user_id
        for partner in status.waiting_for
        for user_id in status.roster.approvers.get(partner.pk, ())
    }
    notify(
        "approval_requested",
        _others(ids, by),
        actor=by,
        target=_editor(status.page),
        title=status.page.title,
    )


def _tell_teachers(kind, status, by, **params):
    notify(
        kind,
        _others(status.roster.user_ids, by),
        actor=by,
        target=_editor(status.page),
        title=status.page.title,
        **params,
    )


def approval_given(status, by):
    _tell_teachers("approval_given", status, by)


def approval_refused(status, by, reason=""):
    _tell_teachers("approval_refused", status, by, reason=reason)


def module_published(page, by):
    notify("module_published", _others(module_roster(page).user_ids, by), actor=by, target=page)
