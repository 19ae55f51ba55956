"""Every institution gets a kind of organisation; existing ones get the kind their sector implies."""

from django.db import migrations, models

# Frozen here rather than imported: the kind an institution of each sector was when kinds
# were introduced. Editors correct the few that differ (a municipality, an agency).
KIND_OF_SECTOR = {
    "early_childhood": "kindergarten",
    "primary": "school",
    "lower_secondary": "school",
    "upper_secondary": "upper_secondary",
    "vocational": "vocational",
    "adult": "adult_education",
    "higher": "university",
}


def set_kind_from_sector(apps, schema_editor):
    Institution = apps.get_model("accounts", "Institution")
    for sector, kind in KIND_OF_SECTOR.items():
        Institution.objects.filter(sector=sector, kind="").update(kind=kind)
    # A sector outside the list (none today) still gets a kind rather than an empty one.
    Institution.objects.filter(kind="").update(kind="university")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_clean_stored_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="kind",
            field=models.CharField(
                choices=[
                    ("kindergarten", "Kindergarten"),
                    ("school", "Primary or lower-secondary school"),
                    ("upper_secondary", "Upper-secondary school"),
                    ("vocational", "Vocational school or folk high school"),
                    ("adult_education", "Adult education"),
                    ("university", "University or university college"),
                    ("municipality", "Municipality"),
                    ("county", "County authority"),
                    ("national_agency", "National agency"),
                    ("library_museum", "Library or museum"),
                    ("ngo", "NGO or association"),
                    ("company", "Company"),
                ],
                default="",
                help_text="Calls and programmes are open to kinds of organisation.",
                max_length=20,
                verbose_name="kind of organisation",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(set_kind_from_sector, migrations.RunPython.noop),
    ]
