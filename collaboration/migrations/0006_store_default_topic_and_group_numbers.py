"""The default topic is stored as "" and platform-formed groups as a number, not as words.

Messages in "general" move to "". A group named "Group N", "Gruppe N" or "Grupp N" (as forming
named them, in the forming teacher's language) gets the number N and loses the name, unless
another group of its module already has that number; other names stay as typed.
"""

import re

from django.db import migrations

FORMED_NAME = re.compile(r"^(?:Group|Gruppe|Grupp) ([1-9][0-9]{0,8})$")


def store_keys(apps, schema_editor):
    Message = apps.get_model("collaboration", "Message")
    StudentGroup = apps.get_model("collaboration", "StudentGroup")
    Space = apps.get_model("collaboration", "Space")
    Message.objects.filter(topic="general").update(topic="")
    taken = {}
    for group in StudentGroup.objects.order_by("pk"):
        match = FORMED_NAME.match(group.name)
        numbers = taken.setdefault(group.module_id, set())
        if match is None or int(match.group(1)) in numbers:
            continue
        group.number = int(match.group(1))
        group.name = ""
        group.save(update_fields=["number", "name"])
        numbers.add(group.number)
        Space.objects.filter(group=group).update(name="")


def store_words(apps, schema_editor):
    Message = apps.get_model("collaboration", "Message")
    StudentGroup = apps.get_model("collaboration", "StudentGroup")
    Space = apps.get_model("collaboration", "Space")
    Message.objects.filter(topic="").update(topic="general")
    for group in StudentGroup.objects.filter(name="", number__isnull=False):
        group.name = f"Group {group.number}"
        group.save(update_fields=["name"])
        Space.objects.filter(group=group).update(name=group.name)


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0005_group_number_and_blank_topic")]

    operations = [migrations.RunPython(store_keys, store_words)]
