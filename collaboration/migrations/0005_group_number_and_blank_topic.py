"""Groups get a number beside their name (which may now be empty); a topic may be ""."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0004_removals_and_hiding_details")]

    operations = [
        migrations.AlterModelOptions(
            name="studentgroup",
            options={
                "ordering": [models.OrderBy(models.F("number"), nulls_last=True), "name", "pk"],
                "verbose_name": "student group",
                "verbose_name_plural": "student groups",
            },
        ),
        migrations.RemoveConstraint(
            model_name="studentgroup",
            name="unique_group_name",
        ),
        migrations.AddField(
            model_name="studentgroup",
            name="number",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="message",
            name="topic",
            field=models.CharField(blank=True, default="", max_length=80, verbose_name="topic"),
        ),
        migrations.AlterField(
            model_name="studentgroup",
            name="name",
            field=models.CharField(blank=True, max_length=100, verbose_name="name"),
        ),
    ]
