"""Co-author rights through Wagtail's page permissions.

Every teacher may create modules ("add" on each module index). Each module has its own
Django group holding "change" on the module's pages (the original and its translations);
its members are the teachers listed on the module. A teacher added in a draft can help at
once; a teacher removed keeps access until that change is published, which needs the
approval of every partner (the partner approval task), so nobody is locked out of a
module by a co-author's unpublished edit.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.models import Institution
from accounts.roles import TEACHERS

GROUP_NAME_LENGTH = 150


@dataclass
class Roster:
    """Partners and teachers of a module: the published list together with the latest draft."""

    original: object
    partners: list = field(default_factory=list)
    # (user id, institution id, is lead)
    teachers: set = field(default_factory=set)

    @property
    def user_ids(self):
        return {user_id for user_id, _institution, _lead in self.teachers}

    def led_by(self, user):
        """Ids of the institutions `user` is a lead teacher for on this module."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return set()
        return {inst for user_id, inst, lead in self.teachers if lead and user_id == user.pk}


def newest_revision(page):
    """The page's newest revision, even while save_revision() is still recording it."""
    return page.revisions.order_by("-created_at", "-id").first()


def _revision_lists(original):
    revision = newest_revision(original)
    if revision is None:
        return set(), set()
    content = revision.content or {}
    partner_ids = {int(pk) for pk in content.get("partners") or []}
    teachers = {
        (row["user"], row["institution"], bool(row.get("is_lead")))
        for row in content.get("teachers") or []
        if row.get("user") and row.get("institution")
    }
    return partner_ids, teachers


def module_roster(page):
    """The Roster of the module `page` belongs to (its original page decides)."""
    from .models import ModuleTeacher

    original = page.original() or page
    partner_ids = set(original.partners.values_list("pk", flat=True)) if original.pk else set()
    teachers = set(
        ModuleTeacher.objects.filter(page_id=original.pk).values_list(
            "user_id", "institution_id", "is_lead"
        )
    )
    draft_partners, draft_teachers = _revision_lists(original)
    partners = list(Institution.objects.filter(pk__in=partner_ids | draft_partners))
    return Roster(original=original, partners=partners, teachers=teachers | draft_teachers)


def modules_led_by(user):
    """Ids of every module page (originals, translations, aliases) `user` is a lead on."""
    from .models import CourseModulePage, ModuleTeacher

    keys = ModuleTeacher.objects.filter(user_id=user.pk, is_lead=True).values(
        "page__translation_key"
    )
    return list(
        CourseModulePage.objects.filter(translation_key__in=keys).values_list("pk", flat=True)
    )


def _change_permission():
    return Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")


def _add_permission():
    return Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")


def coauthor_group_name(original):
    suffix = f" #{original.pk}"
    prefix = "Co-authors: "
    title = original.title[: GROUP_NAME_LENGTH - len(prefix) - len(suffix)]
    return f"{prefix}{title}{suffix}"


@transaction.atomic
def sync_coauthor_rights(page):
    """Make the module's co-author group match its teachers and cover all its pages."""
    from wagtail.models import GroupPagePermission

    from .models import CoauthorGroup, CourseModulePage

    roster = module_roster(page)
    original = roster.original
    if original is None or original.pk is None:
        return None
    link = CoauthorGroup.objects.select_related("group").filter(module=original).first()
    name = coauthor_group_name(original)
    if link is None:
        group, _created = Group.objects.get_or_create(name=name)
        link = CoauthorGroup.objects.create(module=original, group=group)
    group = link.group
    if group.name != name:
        group.name = name
        group.save(update_fields=["name"])

    user_ids = roster.user_ids
    group.user_set.set(get_user_model().objects.filter(pk__in=user_ids))

    change = _change_permission()
    page_ids = set(
        CourseModulePage.objects.filter(translation_key=original.translation_key).values_list(
            "pk", flat=True
        )
    )
    existing = set(
        GroupPagePermission.objects.filter(group=group, permission=change).values_list(
            "page_id", flat=True
        )
    )
    GroupPagePermission.objects.filter(group=group).exclude(page_id__in=page_ids).delete()
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page_id=pk, permission=change)
            for pk in page_ids - existing
        ]
    )
    # Wagtail lets the creator of a page edit it through their "add" permission alone.
    # A creator who is no longer listed must lose that too, so ownership passes to a
    # listed teacher.
    listed = list(roster.teachers)
    heir = next((u for u, _i, lead in listed if lead), None) or next(
        (u for u, _i, _l in listed), None
    )
    CourseModulePage.objects.filter(pk__in=page_ids).exclude(owner_id__in=user_ids).exclude(
        owner__is_superuser=True
    ).exclude(owner__isnull=True).update(owner_id=heir)
    return group


def ensure_index_rights(index_page):
    """Teachers may create modules under this index, which uses the partner approval workflow."""
    from wagtail.models import GroupPagePermission, WorkflowPage

    teachers = Group.objects.filter(name=TEACHERS).first()
    if teachers is not None:
        GroupPagePermission.objects.get_or_create(
            group=teachers, page=index_page, permission=_add_permission()
        )
    workflow = partner_approval_workflow()
    if workflow is not None and not WorkflowPage.objects.filter(page=index_page).exists():
        WorkflowPage.objects.create(page=index_page, workflow=workflow)


PARTNER_APPROVAL_WORKFLOW = "Partner approval"


def partner_approval_workflow():
    """The workflow made by migration 0004 (its name may have been edited; its task may not)."""
    from wagtail.models import Workflow

    from .models import PartnerApprovalTask

    return (
        Workflow.objects.filter(
            active=True, workflow_tasks__task__in=PartnerApprovalTask.objects.all()
        )
        .order_by("pk")
        .first()
    )
