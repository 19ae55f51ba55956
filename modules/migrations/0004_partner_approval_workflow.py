"""The partner approval workflow, and rights for teachers on existing module indexes.

Module indexes created later get the same set-up from modules.signal_handlers.
"""

from django.db import migrations

WORKFLOW_NAME = "Partner approval"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    PartnerApprovalTask = apps.get_model("modules", "PartnerApprovalTask")
    ModuleIndexPage = apps.get_model("modules", "ModuleIndexPage")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="modules", model="partnerapprovaltask"
    )
    task = PartnerApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = PartnerApprovalTask.objects.create(
            name=WORKFLOW_NAME, content_type=task_type, active=True
        )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    add_page, _ = Permission.objects.get_or_create(
        content_type=page_type, codename="add_page", defaults={"name": "Can add page"}
    )
    teachers = Group.objects.filter(name="Teachers").first()
    for index in ModuleIndexPage.objects.all():
        WorkflowPage.objects.get_or_create(page_id=index.pk, defaults={"workflow": workflow})
        if teachers is not None:
            GroupPagePermission.objects.get_or_create(
                group=teachers, page_id=index.pk, permission=add_page
            )


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("modules", "PartnerApprovalTask").objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0003_partner_approval_and_coauthor_groups"),
        ("accounts", "0003_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_workflow, remove_workflow)]
