"""Who teaches a module and who approves its versions, from its published version and draft.

Who approves for a partner never comes from the draft being approved: it is a lead of that
partner on the published version, or, for a partner that has not yet approved any
published version, a lead the draft names. Either way the person must be a teacher whose
own institution is that partner.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from wagtail.models import Page

from accounts.models import Institution
from accounts.roles import TEACHERS

from .teachers import ModuleTeacher


@dataclass
class Roster:
    """Partners, teachers and approvers of a module.

    `partners` are those of the published version and of the newest draft together;
    `teachers` likewise. `approvers` maps each partner's id to the ids of the people who
    may approve a version for it.
    """

    original: object
    partners: list = field(default_factory=list)
    # (user id, institution id, is lead)
    teachers: set = field(default_factory=set)
    approvers: dict = field(default_factory=dict)

    @property
    def user_ids(self):
        return {user_id for user_id, _institution, _lead in self.teachers}

    def led_by(self, user):
        """Ids of the institutions `user` may approve versions of this module for."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return set()
        return {inst for inst, user_ids in self.approvers.items() if user.pk in user_ids}


def newest_revision(page):
    """The page's newest revision, even while save_revision() is still recording it."""
    return page.revisions.order_by("-created_at", "-id").first()


def draft_lists(original):
    """(partner ids, {(user id, institution id, is lead)}) of the module's newest revision."""
    revision = newest_revision(original)
    if revision is None:
        return set(), set()
    return _content_lists(revision.content or {})


def _content_lists(content):
    partner_ids = {int(pk) for pk in content.get("partners") or []}
    teachers = {
        (row["user"], row["institution"], bool(row.get("is_lead")))
        for row in content.get("teachers") or []
        if row.get("user") and row.get("institution")
    }
    return partner_ids, teachers


def _approvers(published_partners, published_teachers, draft_teachers):
    """{partner id: user ids} of those who may approve for each partner.

    A partner of the published version is represented by its leads on that version; only a
    partner new to the module is represented by the leads the draft names. Each must be an
    active teacher of that very institution.
    """
    candidates = {(u, i) for u, i, lead in published_teachers if lead and i in published_partners}
    candidates |= {(u, i) for u, i, lead in draft_teachers if lead and i not in published_partners}
    confirmed = set(
        get_user_model()
        .objects.filter(pk__in={u for u, _i in candidates}, is_active=True, groups__name=TEACHERS)
        .values_list("pk", "institution_id")
    )
    approvers = {}
    for user_id, institution_id in candidates & confirmed:
        approvers.setdefault(institution_id, set()).add(user_id)
    return approvers


def module_roster(page):
    """The Roster of the module `page` belongs to (its original page decides)."""
    original = page.original() or page
    # The page's own rows hold its last published version; a module never published has
    # only drafts, whose first one wrote those rows.
    published = original.pk is not None and original.first_published_at is not None
    partner_ids = set(original.partners.values_list("pk", flat=True)) if published else set()
    teachers = set(
        ModuleTeacher.objects.filter(page_id=original.pk).values_list(
            "user_id", "institution_id", "is_lead"
        )
    )
    published_teachers = teachers if published else set()
    draft_partners, draft_teachers = draft_lists(original)
    partners = list(Institution.objects.filter(pk__in=partner_ids | draft_partners))
    return Roster(
        original=original,
        partners=partners,
        teachers=teachers | draft_teachers,
        approvers=_approvers(partner_ids, published_teachers, draft_teachers),
    )


def modules_led_by(user):
    """Ids of every module page (originals, translations, aliases) `user` is a lead on."""
    keys = ModuleTeacher.objects.filter(user_id=user.pk, is_lead=True).values(
        "page__translation_key"
    )
    # Every page sharing a module's translation key is a page of that module.
    return list(Page.objects.filter(translation_key__in=keys).values_list("pk", flat=True))
