"""Who curates good-practice examples, and the review workflow they go through.

Each good-practice index (one per language) gets:
- Editors: add, change and publish examples under it;
- Teachers: add, so that they can propose examples (drafts they own and may edit);
- the "Good-practice review" workflow: first "Teacher consent" (waits for every teacher
  of the source module, and passes at once for examples that have none), then
  "Editorial review" (a group approval task for Editors).
Course modules are not under the index, so none of this lets editors touch them.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.roles import EDITORS, TEACHERS

from .models import TeacherConsentTask

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "publish_page"],
    TEACHERS: ["add_page"],
}
WORKFLOW_NAME = "Good-practice review"
CONSENT_TASK_NAME = "Teacher consent"
REVIEW_TASK_NAME = "Editorial review"

# Names are data (editors may rename them in the admin); marked here for translators.
_("Good-practice review")
_("Teacher consent")
_("Editorial review")


def review_workflow():
    """The "Good-practice review" workflow, made on first use."""
    editors = Group.objects.filter(name=EDITORS)
    consent_task = TeacherConsentTask.objects.filter(name=CONSENT_TASK_NAME).first()
    if consent_task is None:
        consent_task = TeacherConsentTask.objects.create(name=CONSENT_TASK_NAME)
    review_task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if review_task is None:
        review_task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
        review_task.groups.set(editors)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=consent_task, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=review_task, sort_order=1)
    return workflow


def ensure_curation(index):
    """Give editors and teachers their rights on `index` and attach the review workflow."""
    for group_name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=permission
            )
    if not WorkflowPage.objects.filter(page=index).exists():
        WorkflowPage.objects.create(page=index, workflow=review_workflow())
