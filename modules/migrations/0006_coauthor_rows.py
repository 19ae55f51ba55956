"""Co-author rights come from one row per person and module, not from a group per module.

Each module's "Co-authors: <title> #<id>" group becomes Coauthor rows for its members;
the groups and their page permissions are deleted. Going back recreates the groups from
the rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

GROUP_NAME_LENGTH = 150


def groups_to_rows(apps, schema_editor):
    Coauthor = apps.get_model("modules", "Coauthor")
    CoauthorGroup = apps.get_model("modules", "CoauthorGroup")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    links = list(CoauthorGroup.objects.all())
    Coauthor.objects.bulk_create(
        [
            Coauthor(module_id=link.module_id, user_id=user_id)
            for link in links
            for user_id in Group.objects.get(pk=link.group_id).user_set.values_list(
                "pk", flat=True
            )
        ],
        ignore_conflicts=True,
    )
    group_ids = [link.group_id for link in links]
    GroupPagePermission.objects.filter(group_id__in=group_ids).delete()
    CoauthorGroup.objects.all().delete()
    Group.objects.filter(pk__in=group_ids).delete()


def rows_to_groups(apps, schema_editor):
    Coauthor = apps.get_model("modules", "Coauthor")
    CoauthorGroup = apps.get_model("modules", "CoauthorGroup")
    CourseModulePage = apps.get_model("modules", "CourseModulePage")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    for module in CourseModulePage.objects.filter(pk__in=Coauthor.objects.values("module_id")):
        suffix = f" #{module.pk}"
        prefix = "Co-authors: "
        name = prefix + module.title[: GROUP_NAME_LENGTH - len(prefix) - len(suffix)] + suffix
        group, _created = Group.objects.get_or_create(name=name)
        CoauthorGroup.objects.create(module=module, group=group)
        group.user_set.set(Coauthor.objects.filter(module=module).values_list("user_id", flat=True))
        for page in CourseModulePage.objects.filter(translation_key=module.translation_key):
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=change)


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0005_teachers_translate_modules"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Coauthor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "module",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="coauthors",
                        to="modules.coursemodulepage",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "co-author",
                "verbose_name_plural": "co-authors",
            },
        ),
        migrations.AddConstraint(
            model_name="coauthor",
            constraint=models.UniqueConstraint(
                fields=("module", "user"), name="one_coauthor_row_per_module"
            ),
        ),
        migrations.RunPython(groups_to_rows, rows_to_groups),
        migrations.DeleteModel(name="CoauthorGroup"),
    ]
