from django.db import migrations

LANGUAGES = [
    ("en", "English"), ("nb", "Norwegian (Bokmål)"), ("nn", "Norwegian (Nynorsk)"),
    ("sv", "Swedish"), ("da", "Danish"), ("fi", "Finnish"), ("is", "Icelandic"),
    ("nl", "Dutch"), ("fr", "French"), ("de", "German"), ("es", "Spanish"),
    ("it", "Italian"), ("pl", "Polish"), ("mt", "Maltese"), ("hi", "Hindi"),
    ("bn", "Bengali"), ("zh", "Chinese"), ("ja", "Japanese"), ("ar", "Arabic"),
]


def add_languages(apps, schema_editor):
    WorkingLanguage = apps.get_model("modules", "WorkingLanguage")
    for code, name in LANGUAGES:
        WorkingLanguage.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("modules", "0001_initial")]
    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
