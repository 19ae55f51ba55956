from django.db import migrations


def grant_curation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions are normally made after migrations; make the one we need now.
    content_type, _ = ContentType.objects.get_or_create(
        app_label="practices", model="goodpracticepage"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="curate_goodpracticepage",
        defaults={"name": "Can score and feature good-practice examples"},
    )
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(permission)


def revoke_curation(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="practices", codename="curate_goodpracticepage"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("accounts", "0003_role_groups"),
    ]

    operations = [migrations.RunPython(grant_curation, revoke_curation)]
