"""Teachers may translate the modules they co-author (simple_translation's "Translate").

The permission only opens the "Translate" action; Wagtail still requires edit rights on the
page, which teachers have only on their own modules.
"""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="simple_translation", model="simpletranslation"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    teachers = Group.objects.filter(name="Teachers").first()
    if teachers is not None:
        teachers.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    teachers = Group.objects.filter(name="Teachers").first()
    if teachers is not None:
        teachers.permissions.remove(
            *teachers.permissions.filter(
                content_type__app_label="simple_translation", codename="submit_translation"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0004_partner_approval_workflow"),
        ("simple_translation", "0001_initial"),
        ("accounts", "0003_role_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
