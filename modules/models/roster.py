"""Who teaches a module and who approves its versions, from its published version and draft.

Who approves for a partner never comes from the draft being approved: it is a lead of that
partner on the published version, or, for a partner that has not yet approved any
published version, a lead the draft names. Either way the person must be a teacher whose
own institution is that partner.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, Revision

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


def newest_revisions(pages):
    """{page id: its newest revision} for many pages in one query, as newest_revision() finds it."""
    ids = [page.pk for page in pages if page.pk is not None]
    if not ids:
        return {}
    newest = (
        Revision.objects.filter(
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    chosen = Page.objects.filter(pk__in=ids).annotate(newest=Subquery(newest)).values("newest")
    return {
        int(revision.object_id): revision for revision in Revision.objects.filter(pk__in=chosen)
    }


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


def _approver_candidates(published_partners, published_teachers, draft_teachers):
    """(user id, partner id) of those who may approve for a partner, if they are its teachers.

    A partner of the published version is represented by its leads on that version; only a
    partner new to the module is represented by the leads the draft names.
    """
    candidates = {(u, i) for u, i, lead in published_teachers if lead and i in published_partners}
    candidates |= {(u, i) for u, i, lead in draft_teachers if lead and i not in published_partners}
    return candidates


def _confirmed(candidates):
    """The candidates who are active teachers of that very institution (one query)."""
    return candidates & set(
        get_user_model()
        .objects.filter(pk__in={u for u, _i in candidates}, is_active=True, groups__name=TEACHERS)
        .values_list("pk", "institution_id")
    )


def _approvers(confirmed):
    """{partner id: user ids} from confirmed (user id, partner id) pairs."""
    approvers = {}
    for user_id, institution_id in confirmed:
        approvers.setdefault(institution_id, set()).add(user_id)
    return approvers


def module_roster(page):
    """The Roster of the module `page` belongs to (its original page decides)."""
    original = page.original() or page
    if original.pk is None:
        return Roster(original=original)
    return module_rosters([original])[original.pk]


def module_rosters(originals):
    """{original id: Roster} for many modules' original pages, in a fixed number of queries."""
    originals = [original for original in originals if original.pk is not None]
    ids = [original.pk for original in originals]
    # The page's own rows hold its last published version; a module never published has
    # only drafts, whose first one wrote those rows.
    published = {original.pk for original in originals if original.first_published_at}
    partner_ids = {pk: set() for pk in ids}
    # The module page model, reached without importing it (it imports this file).
    module_model = ModuleTeacher._meta.get_field("page").related_model
    links = module_model.partners.through.objects.filter(coursemodulepage_id__in=published)
    for module_id, institution_id in links.values_list("coursemodulepage_id", "institution_id"):
        partner_ids[module_id].add(institution_id)
    teachers = {pk: set() for pk in ids}
    rows = ModuleTeacher.objects.filter(page_id__in=ids).values_list(
        "page_id", "user_id", "institution_id", "is_lead"
    )
    for page_id, *row in rows:
        teachers[page_id].add(tuple(row))
    revisions = newest_revisions(originals)
    drafts = {
        pk: _content_lists(revisions[pk].content or {}) if pk in revisions else (set(), set())
        for pk in ids
    }
    candidates = {
        pk: _approver_candidates(
            partner_ids[pk], teachers[pk] if pk in published else set(), drafts[pk][1]
        )
        for pk in ids
    }
    confirmed = _confirmed(set().union(*candidates.values()))
    wanted = set().union(*partner_ids.values(), *(draft[0] for draft in drafts.values()))
    institutions = Institution.objects.in_bulk(wanted)
    return {
        original.pk: Roster(
            original=original,
            partners=sorted(
                (
                    institutions[i]
                    for i in partner_ids[original.pk] | drafts[original.pk][0]
                    if i in institutions
                ),
                key=lambda institution: (institution.name, institution.pk),
            ),
            teachers=teachers[original.pk] | drafts[original.pk][1],
            approvers=_approvers(candidates[original.pk] & confirmed),
        )
        for original in originals
    }


def modules_led_by(user):
    """Ids of every module page (originals, translations, aliases) `user` is a lead on."""
    keys = ModuleTeacher.objects.filter(user_id=user.pk, is_lead=True).values(
        "page__translation_key"
    )
    # Every page sharing a module's translation key is a page of that module.
    return list(Page.objects.filter(translation_key__in=keys).values_list("pk", flat=True))
