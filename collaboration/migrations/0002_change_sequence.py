"""Number every space's messages as changes 1, 2, 3, … in the order they were posted."""

from django.db import migrations, models
from django.db.models import Count


def number_changes(apps, schema_editor):
    Space = apps.get_model("collaboration", "Space")
    Message = apps.get_model("collaboration", "Message")
    for space_id in (
        Message.objects.values_list("space_id", flat=True).order_by().distinct()
    ):
        ids = Message.objects.filter(space_id=space_id).order_by("pk").values_list("pk", flat=True)
        for seq, pk in enumerate(ids, start=1):
            Message.objects.filter(pk=pk).update(seq=seq)
    for row in Message.objects.values("space_id").order_by().annotate(count=Count("pk")):
        Space.objects.filter(pk=row["space_id"]).update(head_seq=row["count"])


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="space",
            name="head_seq",
            field=models.PositiveBigIntegerField(
                default=0, editable=False, verbose_name="newest change"
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="seq",
            field=models.PositiveBigIntegerField(default=0, editable=False, verbose_name="change"),
        ),
        migrations.RunPython(number_changes, migrations.RunPython.noop, elidable=True),
    ]
