"""An admin panel that tells the authors where their module stands."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .funding import funding_checklist


class ModuleStatusPanel(Panel):
    """Partner approval of the latest version, and the BIP funding checklist (warnings)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Status"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "module_status"

    class BoundPanel(Panel.BoundPanel):
        template_name = "modules/panels/module_status.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["checklist"] = funding_checklist(page) if page.pk else []
            context["module_pk"] = page.pk
            context["added_in_draft"] = bool(page.pk) and page.added_in_draft(self.request.user)
            context["approval"] = None
            context["needs_changes"] = None
            task_state = page.partner_approval_state()
            if task_state is None:
                return context
            workflow_state = task_state.workflow_state
            if workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
                context["needs_changes"] = task_state
            else:
                status = task_state.task.specific.status_for(page, task_state)
                approvers = status.roster.approvers
                names = {
                    user.pk: user.name
                    for user in get_user_model().objects.filter(
                        pk__in=set().union(*approvers.values())
                    )
                }
                context["approval"] = {
                    "rows": [
                        {
                            "partner": partner,
                            "approval": status.approvals.get(partner.pk),
                            "approvers": ", ".join(
                                sorted(names[pk] for pk in approvers.get(partner.pk, ()))
                            ),
                        }
                        for partner in status.required
                    ],
                    "waiting_for": status.waiting_for,
                    "yours": ", ".join(
                        p.short_name for p in status.partners_to_approve_by(self.request.user)
                    ),
                }
            return context
