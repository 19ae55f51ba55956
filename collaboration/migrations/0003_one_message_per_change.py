from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0002_change_sequence")]

    operations = [
        migrations.AddConstraint(
            model_name="message",
            constraint=models.UniqueConstraint(
                condition=models.Q(("seq__gt", 0)),
                fields=("space", "seq"),
                name="one_message_per_change",
            ),
        ),
    ]
