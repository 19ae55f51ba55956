"""Partner approval: a Wagtail workflow task that every partner's lead teacher must pass.

A module belongs to all its partner institutions, so a version is published only when a
lead teacher of *every* partner has approved that very revision. Approvals are recorded
per revision: any new revision (an edit while the module waits) needs fresh approvals,
and a request for changes by any partner sends the module back to its authors.
"""

import json

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Revision, Task, TaskState

from .. import announcements
from .roster import (
    module_roster,
    module_rosters,
    modules_led_by,
    newest_revision,
    newest_revisions,
)
from .teachers import ModuleTeacher


class PartnerApprovalTaskState(TaskState):
    class Meta:
        verbose_name = _("partner approval state")
        verbose_name_plural = _("partner approval states")

    def get_comment(self):
        """Shown in the workflow history: who approved for which partner, then any comment."""
        latest = {}
        for approval in self.partner_approvals.select_related("institution", "user").order_by(
            "approved_at", "pk"
        ):
            latest[approval.institution_id] = approval
        approvals = [
            gettext("%(partner)s approved (%(name)s)")
            % {"partner": a.institution.short_name, "name": a.user.name if a.user else "—"}
            for a in latest.values()
        ]
        return "; ".join([*approvals, self.comment] if self.comment else approvals)


class PartnerApproval(models.Model):
    """A lead teacher approved one revision on behalf of their institution."""

    task_state = models.ForeignKey(
        PartnerApprovalTaskState, on_delete=models.CASCADE, related_name="partner_approvals"
    )
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner approval")
        verbose_name_plural = _("partner approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["task_state", "revision", "institution"],
                name="one_approval_per_partner_and_revision",
            )
        ]

    def __str__(self):
        return f"{self.institution} approved revision {self.revision_id}"


# What partners approve is the module's content: every field and row of a revision except
# Wagtail's bookkeeping around it, listed here. A field added to the module later counts as
# content without being named anywhere (tests/modules/test_approval_fingerprint.py checks
# that these lists name only bookkeeping).
BOOKKEEPING_FIELDS = frozenset(
    {
        "pk",
        "id",
        "page_ptr",
        "path",
        "depth",
        "numchild",
        "url_path",
        "draft_title",
        "content_type",
        "locale",
        "translation_key",
        "alias_of",
        "owner",
        "live",
        "expired",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "latest_revision",
        "latest_revision_created_at",
        "live_revision",
        "locked",
        "locked_at",
        "locked_by",
        # Comments are conversation about a version, not part of it.
        "wagtail_admin_comments",
    }
)
# Inline rows: their ids and order fields change whenever a draft is saved again.
ROW_BOOKKEEPING_FIELDS = frozenset({"pk", "id", "page", "content_object", "sort_order"})
# Rows whose order carries no meaning (the order of sessions is their schedule).
UNORDERED_ROWS = frozenset({"teachers", "tagged_items"})


def _canonical(value):
    return json.dumps(value, sort_keys=True, default=str)


def content_fingerprint(revision):
    """The approvable content of a module revision, comparable between revisions.

    Saving a form again without changing anything can still make a new revision (Wagtail
    sees inline rows added in an unpublished draft as changed every time). Such a revision
    says the same thing, so approvals given to an identical one still count for it.
    """
    content = {}
    for key, value in (revision.content or {}).items():
        if key in BOOKKEEPING_FIELDS:
            continue
        if isinstance(value, list) and all(isinstance(row, dict) for row in value):
            rows = [
                _canonical({k: v for k, v in row.items() if k not in ROW_BOOKKEEPING_FIELDS})
                for row in value
            ]
            value = sorted(rows) if key in UNORDERED_ROWS else rows
        elif isinstance(value, list):
            value = sorted(value, key=_canonical)  # many-to-many ids: partners, languages
        content[key] = value
    return _canonical(content)


def counted_approvals(revision, approvals):
    """{partner id: approval} of the `approvals` that count for `revision`.

    An approval counts when it was given to that revision or to one with identical content.
    """
    counted = {}
    if revision is None:
        return counted
    fingerprint = content_fingerprint(revision)
    for approval in approvals:
        if approval.revision_id == revision.pk or (
            content_fingerprint(approval.revision) == fingerprint
        ):
            counted[approval.institution_id] = approval
    return counted


_LOAD = object()


class ApprovalStatus:
    """Which partners must approve the latest revision of a module, and which have.

    `roster`, `revision` (the page's newest) and `approvals` (the task state's, oldest
    first) are loaded when not given; approval_statuses() gives them for many at once.
    """

    def __init__(self, page, task_state=None, *, roster=None, revision=_LOAD, approvals=None):
        page = page.specific  # the page itself when it is a module page already
        self.page = page
        self.task_state = task_state
        self.roster = module_roster(page) if roster is None else roster
        if revision is _LOAD:
            revision = newest_revision(page)
        self.revision_id = revision.pk if revision else None
        if task_state is None:
            approvals = []
        elif approvals is None:
            approvals = task_state.partner_approvals.select_related(
                "user", "institution", "revision"
            ).order_by("approved_at", "pk")
        self.approvals = counted_approvals(revision, approvals)

    @property
    def required(self):
        return self.roster.partners

    @property
    def waiting_for(self):
        return [p for p in self.required if p.pk not in self.approvals]

    @property
    def complete(self):
        return bool(self.required) and not self.waiting_for

    def partners_to_approve_by(self, user):
        """The required partners `user` leads and has not yet approved the latest revision for."""
        led = self.roster.led_by(user)
        return [p for p in self.waiting_for if p.pk in led]

    def can_review(self, user):
        return bool(self.roster.led_by(user) & {p.pk for p in self.required})


def approval_statuses(task_states):
    """{task state id: ApprovalStatus} for many partner-approval task states.

    In a fixed number of queries, whatever the number of task states; each task state
    needs its `workflow_state` loaded.
    """
    task_states = list(task_states)
    page_ids = {int(state.workflow_state.object_id) for state in task_states}
    if not page_ids:
        return {}
    module_model = ModuleTeacher._meta.get_field("page").related_model
    pages = module_model.objects.defer("body").in_bulk(page_ids)
    keys = {page.translation_key for page in pages.values()}
    originals = {}
    for page in module_model.objects.filter(translation_key__in=keys).order_by("-pk"):
        originals[page.translation_key] = page
    rosters = module_rosters(originals.values())
    revisions = newest_revisions(pages.values())
    approvals = {}
    for approval in (
        PartnerApproval.objects.filter(task_state_id__in=[state.pk for state in task_states])
        .select_related("user", "institution", "revision")
        .order_by("approved_at", "pk")
    ):
        approvals.setdefault(approval.task_state_id, []).append(approval)
    statuses = {}
    for state in task_states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        statuses[state.pk] = ApprovalStatus(
            page,
            state,
            roster=rosters[originals[page.translation_key].pk],
            revision=revisions.get(page.pk),
            approvals=approvals.get(state.pk, []),
        )
    return statuses


class PartnerApprovalTask(Task):
    """Passes when a lead teacher of every partner institution approved the same revision."""

    task_state_class = PartnerApprovalTaskState

    class Meta:
        verbose_name = _("partner approval")
        verbose_name_plural = _("partner approvals")

    @classmethod
    def get_description(cls):
        return _(
            "A lead teacher of every partner institution of the module approves the same "
            "version; a request for changes by any partner sends it back."
        )

    def status_for(self, page, task_state=None):
        return ApprovalStatus(page, task_state)

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        page = workflow_state.content_object.specific
        status = ApprovalStatus(page, task_state)
        # The lead who submits a version approves it for their own institution.
        if user is not None and user.is_authenticated:
            self._record(task_state, status, user, status.partners_to_approve_by(user))
            status = ApprovalStatus(page, task_state)
            if status.complete:
                task_state.approve(user=user, update=False)
                return task_state
        announcements.approval_requested(status, user)
        return task_state

    def _record(self, task_state, status, user, partners):
        for partner in partners:
            PartnerApproval.objects.get_or_create(
                task_state=task_state,
                revision_id=status.revision_id,
                institution=partner,
                defaults={"user": user},
            )
            log(
                instance=status.page,
                action="modules.partner_approve",
                user=user,
                revision=Revision.objects.get(pk=status.revision_id),
                data={"partner": partner.short_name},
            )

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        page = task_state.workflow_state.content_object.specific
        task_state = task_state.specific
        status = ApprovalStatus(page, task_state)
        if action_name == "approve":
            partners = status.partners_to_approve_by(user)
            if partners:
                self._record(task_state, status, user, partners)
                status = ApprovalStatus(page, task_state)
                if status.complete:
                    # The version every partner approved is the one Wagtail publishes.
                    task_state.revision_id = status.revision_id
                    task_state.save(update_fields=["revision"])
                    task_state.approve(user=user, **kwargs)
                else:
                    announcements.approval_given(status, user)
            elif user.is_superuser:
                task_state.approve(user=user, **kwargs)
        elif action_name == "reject":
            if user.is_superuser or status.can_review(user):
                task_state.reject(user=user, **kwargs)
                announcements.approval_refused(status, user, kwargs.get("comment") or "")

    def get_actions(self, obj, user):
        status = ApprovalStatus(obj, obj.current_workflow_task_state)
        actions = []
        partners = status.partners_to_approve_by(user)
        if status.can_review(user) or user.is_superuser:
            actions.append(("reject", _("Request changes"), True))
        if partners or user.is_superuser:
            actions.append(("approve", _("Approve"), False))
            actions.append(("approve", _("Approve with comment"), True))
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        page_ids = [str(pk) for pk in modules_led_by(user)]
        return states.filter(workflow_state__object_id__in=page_ids)

    def user_can_access_editor(self, obj, user):
        # Leads reach the editor through their co-author rights; nobody else does.
        return False

    def locked_for_user(self, obj, user):
        # Co-authors may keep improving a waiting module: a new revision simply needs
        # fresh approvals from every partner.
        return False
