"""A group's typed name is unique in its module, its number too, and it has one or the other."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0006_store_default_topic_and_group_numbers")]

    operations = [
        migrations.AddConstraint(
            model_name="studentgroup",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name", ""), _negated=True),
                fields=("module", "name"),
                name="unique_group_name",
            ),
        ),
        migrations.AddConstraint(
            model_name="studentgroup",
            constraint=models.UniqueConstraint(
                fields=("module", "number"), name="unique_group_number"
            ),
        ),
        migrations.AddConstraint(
            model_name="studentgroup",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("name", ""), _negated=True),
                    ("number__isnull", False),
                    _connector="OR",
                ),
                name="group_has_name_or_number",
            ),
        ),
    ]
