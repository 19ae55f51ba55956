"""The "Call managers" group, with rights on the existing calls indexes.

Calls indexes made later get the same rights from funding.signals; a call manager works
only on the calls of their own institution (funding/permission_testers.py).
"""

from django.db import migrations

CALL_MANAGERS = "Call managers"
ACTIONS = ("add", "change", "publish")


def create_call_managers(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    CallIndexPage = apps.get_model("funding", "CallIndexPage")

    # Permissions are normally made after migrations; make the ones needed now.
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _ = Group.objects.get_or_create(name=CALL_MANAGERS)
    group.permissions.add(access_admin)
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=page_type, codename=f"{action}_page", defaults={"name": f"Can {action} page"}
        )
        for index in CallIndexPage.objects.all():
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index.pk, permission=permission
            )


def remove_call_managers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CALL_MANAGERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0006_funded"),
        ("accounts", "0003_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_call_managers, remove_call_managers)]
