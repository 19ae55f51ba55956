"""Facts of a module that do not depend on language, copied from the original to translations.

Translators change the words (title, summary, outcomes, activities, tags). Partners,
teachers, sessions, dates, mode and enrolment belong to the module itself, so every
publish of the original pushes them to its translations, and every publish of a
translation takes them from the original. The public pages read them from the original.
"""

from django.db import transaction

from .models import CourseModulePage, ModuleSession, ModuleTeacher
from .presentation import session_words

# The module's own fields that hold words; every other field of its own is a fact of the
# module and copied (tests/modules/test_approval_fingerprint.py keeps this list honest).
TRANSLATED_FIELDS = frozenset({"page_ptr", "summary", "learning_outcomes", "body"})


def language_neutral_fields():
    return [
        field.name
        for field in CourseModulePage._meta.local_concrete_fields
        if field.name not in TRANSLATED_FIELDS
    ]


@transaction.atomic
def copy_module_facts(original, translation):
    CourseModulePage.objects.filter(pk=translation.pk).update(
        **{name: getattr(original, name) for name in language_neutral_fields()}
    )
    for relation in ("partners", "working_languages"):
        through = getattr(CourseModulePage, relation).through
        target_field = "institution_id" if relation == "partners" else "workinglanguage_id"
        through.objects.filter(coursemodulepage_id=translation.pk).delete()
        through.objects.bulk_create(
            through(coursemodulepage_id=translation.pk, **{target_field: pk})
            for pk in through.objects.filter(coursemodulepage_id=original.pk).values_list(
                target_field, flat=True
            )
        )
    # Rows are replaced rather than updated: they are the original's, listed again.
    ModuleTeacher.objects.filter(page_id=translation.pk).delete()
    ModuleTeacher.objects.bulk_create(
        ModuleTeacher(
            page_id=translation.pk,
            user_id=t.user_id,
            institution_id=t.institution_id,
            is_lead=t.is_lead,
            sort_order=t.sort_order,
        )
        for t in ModuleTeacher.objects.filter(page_id=original.pk)
    )
    words = session_words(ModuleSession.objects.filter(page_id=translation.pk))
    ModuleSession.objects.filter(page_id=translation.pk).delete()
    rows = []
    for s in ModuleSession.objects.filter(page_id=original.pk):
        title, place = words.get((s.starts_at, s.ends_at), (s.title, s.place))
        rows.append(
            ModuleSession(
                page_id=translation.pk,
                title=title,
                kind=s.kind,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                online_link=s.online_link,
                place=place,
                sort_order=s.sort_order,
            )
        )
    ModuleSession.objects.bulk_create(rows)
