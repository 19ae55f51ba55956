"""Co-author rights: who may edit a module, kept in step with its teachers.

Every teacher may create modules ("add" on each module index). The teachers listed on a
module may edit it: the module's `Coauthor` rows name them, and the site's page permission
policy (modules.permission_policy) gives each of them "change" on the module's pages (the
original and its translations and aliases). A teacher added in a draft can help at once and
is told so (notify_added_teachers); a teacher removed keeps access until that change is
published, which needs the approval of every partner, so nobody is locked out of a module
by a co-author's unpublished edit.

Who teaches a module and who approves its versions for each partner is its roster
(modules/models/roster.py).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_noop as _
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from accounts.roles import TEACHERS

from .models import Coauthor, CourseModulePage, PartnerApprovalTask
from .models.roster import module_roster


def _add_permission():
    return Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")


@transaction.atomic
def sync_coauthor_rights(page, by=None):
    """Make the module's co-authors match its teachers; tell those who were added.

    `by` is the person whose change this is: they are not told about adding themselves.
    """
    roster = module_roster(page)
    original = roster.original
    if original is None or original.pk is None:
        return
    user_ids = roster.user_ids
    existing = set(Coauthor.objects.filter(module=original).values_list("user_id", flat=True))
    Coauthor.objects.filter(module=original).exclude(user_id__in=user_ids).delete()
    Coauthor.objects.bulk_create(
        [Coauthor(module=original, user_id=pk) for pk in user_ids - existing],
        ignore_conflicts=True,
    )
    added = user_ids - existing - {getattr(by, "pk", None)}
    if added:
        notify_added_teachers(original, get_user_model().objects.filter(pk__in=added), by)

    # Wagtail lets the creator of a page edit it through their "add" permission alone.
    # A creator who is no longer listed must lose that too, so ownership passes to a
    # listed teacher.
    listed = list(roster.teachers)
    heir = next((u for u, _i, lead in listed if lead), None) or next(
        (u for u, _i, _l in listed), None
    )
    CourseModulePage.objects.filter(translation_key=original.translation_key).exclude(
        owner_id__in=user_ids
    ).exclude(owner__is_superuser=True).exclude(owner__isnull=True).update(owner_id=heir)


def notify_added_teachers(module, users, by=None):
    """Tell each of `users` that they were listed as a teacher of `module`.

    The one place that announces new co-authors. For now it records an entry in the
    module's history; the editor shows the added teacher a notice with the way to decline
    (templates/modules/panels/module_status.html).
    """
    for user in users:
        log(
            instance=module,
            action="modules.teacher_added",
            user=by,
            data={"teacher": user.name, "teacher_id": user.pk},
        )


def decline_coauthorship(page, user):
    """Remove `user` from the teachers of the newest draft of `page`'s module (a new revision)."""
    original = page.original() or page
    draft = original.get_latest_revision_as_object()
    draft.teachers = [row for row in draft.teachers.all() if row.user_id != user.pk]
    revision = draft.save_revision(user=user, log_action=False)
    log(
        instance=original,
        action="modules.teacher_declined",
        user=user,
        revision=revision,
        data={"teacher": user.name},
    )
    return revision


def ensure_index_rights(index_page):
    """Teachers may create modules under this index, which uses the partner approval workflow."""
    teachers = Group.objects.filter(name=TEACHERS).first()
    if teachers is not None:
        GroupPagePermission.objects.get_or_create(
            group=teachers, page=index_page, permission=_add_permission()
        )
    workflow = partner_approval_workflow()
    if workflow is not None and not WorkflowPage.objects.filter(page=index_page).exists():
        WorkflowPage.objects.create(page=index_page, workflow=workflow)


PARTNER_APPROVAL_WORKFLOW = "Partner approval"
# The workflow's and its task's name is data (editors may rename it in the admin); marked here
# for translators, and shown through gettext where the platform's own pages show it.
_("Partner approval")


def partner_approval_workflow():
    """The workflow made by migration 0004 (its name may have been edited; its task may not)."""
    return (
        Workflow.objects.filter(
            active=True, workflow_tasks__task__in=PartnerApprovalTask.objects.all()
        )
        .order_by("pk")
        .first()
    )
