"""What happens when a page's workflow is approved (settings.WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail publishes the latest revision as the person who gave the last approval and
checks that they may publish. Lead teachers may not publish on their own, on purpose:
for a module, the approval of every partner is what authorises publishing, so the very
revision they approved is published. Other workflows keep Wagtail's behaviour.

Wagtail imports this module while wagtail.models itself is being loaded (the setting is
read in a class body there), so what it needs is imported when it is called.
"""


def publish_approved_revision(workflow_state, user=None):
    from wagtail.workflows import publish_workflow_state  # noqa: PLC0415 - see the module's docstring

    from .models import PartnerApprovalTask  # noqa: PLC0415 - see the module's docstring

    task_state = workflow_state.current_task_state
    if task_state is not None and isinstance(task_state.task.specific, PartnerApprovalTask):
        task_state.revision.publish(user=user, skip_permission_checks=True)
    else:
        publish_workflow_state(workflow_state, user=user)
