from django.contrib import messages
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem, WorkflowMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.models import Page
from wagtail.permissions import policy_registry

from home.search import SearchKind

from .admin_views import DeclineCoauthorshipView
from .models import CourseModulePage


@hooks.register("register_admin_urls")
def register_module_admin_urls():
    return [
        path(
            "modules/<int:page_id>/decline/",
            DeclineCoauthorshipView.as_view(),
            name="modules_decline_coauthorship",
        )
    ]


@hooks.register("site_search_kind")
def module_search_kind():
    return SearchKind("modules", _("Modules"), CourseModulePage)


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_modules_of_others(pages, request):
    """Choosers list an unpublished module only to those who may edit it."""
    return pages.exclude(policy_registry.get_by_type(Page).hidden_modules(request.user))


@hooks.register("register_log_actions")
def register_partner_approval_log(actions):
    @actions.register_action("modules.partner_approve")
    class PartnerApproved(LogFormatter):
        label = _("Approve for partner")

        def format_message(self, log_entry):
            return gettext("Approved for %(partner)s") % {
                "partner": log_entry.data.get("partner", "?")
            }

    @actions.register_action("modules.teacher_added")
    class TeacherAdded(LogFormatter):
        label = _("Add teacher")

        def format_message(self, log_entry):
            return gettext("%(teacher)s was added as a teacher and told so") % {
                "teacher": log_entry.data.get("teacher", "?")
            }

    @actions.register_action("modules.teacher_declined")
    class TeacherDeclined(LogFormatter):
        label = _("Decline co-authorship")

        def format_message(self, log_entry):
            return gettext("%(teacher)s declined to co-author the module") % {
                "teacher": log_entry.data.get("teacher", "?")
            }


def _partner_approval(page, user):
    """(status, partners `user` would approve for) if `page` waits for partner approval."""
    if not isinstance(page, CourseModulePage):
        return None, []
    task_state = page.partner_approval_state()
    if (
        task_state is None
        or task_state.workflow_state.status != task_state.workflow_state.STATUS_IN_PROGRESS
    ):
        return None, []
    status = task_state.task.specific.status_for(page, task_state)
    return status, status.partners_to_approve_by(user)


class SubmitForPartnerApprovalMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit button, named in the reader's language.

    Wagtail's own label shows the workflow's stored name ("Submit to Partner approval"),
    which is English whatever the language of the admin.
    """

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        state = context["page"].current_workflow_state if context.get("page") else None
        if state and state.status == state.STATUS_NEEDS_CHANGES:
            context["label"] = _("Resubmit for partner approval")
        else:
            context["label"] = _("Submit for partner approval")
        return context


@hooks.register("construct_page_action_menu")
def label_partner_approval(menu_items, request, context):
    """Say whose approval a click gives, and whether it publishes the module."""
    page = context.get("page")
    if isinstance(page, CourseModulePage):
        for index, item in enumerate(menu_items):
            if getattr(item, "name", "") == "action-submit":
                menu_items[index] = SubmitForPartnerApprovalMenuItem(order=item.order)
    status, mine = _partner_approval(page, request.user)
    if status is None:
        return
    names = ", ".join(p.short_name for p in mine)
    publishes = {p.pk for p in status.waiting_for} <= {p.pk for p in mine}
    for item in menu_items:
        if not (isinstance(item, WorkflowMenuItem) and item.name == "approve"):
            continue
        if not mine:
            label = _("Approve for every partner and publish")
        elif publishes:
            label = _("Approve for %(partners)s and publish") % {"partners": names}
        else:
            label = _("Approve for %(partners)s") % {"partners": names}
        if item.launch_modal:
            label = _("%(action)s, with comment") % {"action": label}
        elif mine:
            # The main button for a lead whose approval is awaited.
            item.order = -1
        item.label = label
    menu_items.sort(key=lambda item: item.order)


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def report_partner_approval(request, page):
    """After a submit or an approval, tell the person which partners are still to approve."""
    if not isinstance(page.specific, CourseModulePage):
        return
    # Fresh from the database: the view's page holds the workflow state it started with.
    page = CourseModulePage.objects.get(pk=page.pk)
    status, _mine = _partner_approval(page, request.user)
    if status is None:
        if request.POST.get("workflow-action-name") == "approve" and page.live:
            if page.current_workflow_state is None and not page.has_unpublished_changes:
                messages.success(
                    request, gettext("Every partner has approved: the module is published.")
                )
        return
    if not status.waiting_for:
        return
    waiting = ", ".join(p.short_name for p in status.waiting_for)
    approved = ", ".join(p.short_name for p in status.required if p.pk in status.approvals)
    if approved:
        text = gettext(
            "Approved for %(approved)s. Waiting for approval from %(waiting)s: the module is "
            "published when every partner has approved this version."
        ) % {"approved": approved, "waiting": waiting}
    else:
        text = gettext(
            "Waiting for approval from %(waiting)s: the module is published when every "
            "partner has approved this version."
        ) % {"waiting": waiting}
    messages.info(request, text)
