from django.db import migrations

ROLE_PERMISSIONS = {
    "Teachers": ["view_institution"],
    "Students": [],
    "Editors": ["add_institution", "change_institution", "view_institution"],
    "Coordinators": ["view_institution"],
}
ADMIN_ROLES = ["Teachers", "Editors", "Coordinators"]
IMAGE_ROLES = ["Teachers", "Editors"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    # Permissions are normally made after migrations; make the ones we need now.
    institution_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="institution")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    image_type, _ = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")

    def permission(content_type, codename, name):
        return Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]

    access_admin = permission(admin_type, "access_admin", "Can access Wagtail admin")
    image_permissions = [
        permission(image_type, "add_image", "Can add image"),
        permission(image_type, "choose_image", "Can choose image"),
    ]
    root_collection = Collection.objects.filter(depth=1).first()

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for codename in codenames:
            action = codename.split("_")[0]
            group.permissions.add(
                permission(institution_type, codename, f"Can {action} institution")
            )
        if role in ADMIN_ROLES:
            group.permissions.add(access_admin)
        if role in IMAGE_ROLES and root_collection is not None:
            for perm in image_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_institution_logo"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0066_collection_management_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
