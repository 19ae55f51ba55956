"""Names saved before names refused disguising characters: normalised, those characters removed."""

from django.db import migrations

from home.text import is_hidden, normalise

NAME_FIELDS = ("first_name", "last_name", "display_name")


def clean_stored_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.only("pk", *NAME_FIELDS).iterator():
        changed = {}
        for field in NAME_FIELDS:
            value = getattr(user, field)
            cleaned = normalise("".join(char for char in value if not is_hidden(char)))
            if cleaned != value:
                changed[field] = cleaned
        if changed:
            User.objects.filter(pk=user.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_names_refuse_hidden_characters"),
    ]

    operations = [
        migrations.RunPython(clean_stored_names, migrations.RunPython.noop),
    ]
