"""Demo course modules: the index in three languages and three modules, from `demo_data/`.

"Outdoor play across cultures" is the module the demo accounts teach and study in (OsloMet
and UCLL, both teachers leads, enrolment running), with a Norwegian translation. An
upcoming blended intensive programme with the Nordic Centre in India and a completed
virtual exchange make the index look like a real catalogue.

Creates what is missing and leaves existing pages alone, so it is safe to run twice and
never overwrites what teachers changed in the demo.
"""

from django.conf import settings

from accounts.models import Institution, User
from home.demo import ensure_home_pages, ensure_translated_indexes, load_demo_data

from .coauthors import ensure_index_rights, sync_coauthor_rights
from .models import (
    CourseModulePage,
    ModuleIndexPage,
    ModuleSession,
    ModuleTeacher,
    WorkingLanguage,
)


def load_modules():
    """The index texts, and each module's original with its translations by language."""
    data = load_demo_data("modules", "index.toml")
    modules = []
    for slug in data["modules"]:
        translations = {
            code: load_demo_data("modules", f"{slug}.{code}.toml")
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        }
        modules.append(
            (
                load_demo_data("modules", f"{slug}.toml"),
                {code: spec for code, spec in translations.items() if spec},
            )
        )
    return data["index"], modules


def body(spec):
    """The StreamField data of the activities in `spec`: a block per activity."""
    return [
        {"type": block["type"], "value": {k: v for k, v in block.items() if k != "type"}}
        for block in spec["body"]
    ]


def _fill(page, spec):
    page.title = spec["title"]
    page.slug = spec["slug"]
    page.summary = spec["summary"]
    page.learning_outcomes = "\n".join(spec["outcomes"])
    page.body = body(spec)
    page.tags.clear()
    page.tags.add(*spec["tags"])


def create_module(index, spec, institutions, users):
    module = CourseModulePage(
        mode=spec["mode"],
        sector=spec["sector"],
        credits=spec.get("credits"),
        start_date=spec["start_date"],
        end_date=spec["end_date"],
        physical_start=spec.get("physical_start"),
        physical_end=spec.get("physical_end"),
        enrolment_state=spec["enrolment_state"],
    )
    _fill(module, spec)
    module.partners = [institutions[name] for name in spec["partners"]]
    module.working_languages = list(WorkingLanguage.objects.filter(code__in=spec["languages"]))
    module.teachers = [
        ModuleTeacher(
            user=users[teacher["username"]],
            institution=users[teacher["username"]].institution,
            is_lead=teacher["lead"],
        )
        for teacher in spec["teachers"]
    ]
    module.sessions = [
        ModuleSession(
            title=session["title"],
            kind=session["kind"],
            starts_at=session["starts_at"],
            ends_at=session["ends_at"],
            online_link=session.get("online_link", ""),
            place=session.get("place", ""),
        )
        for session in spec["sessions"]
    ]
    owner = users[spec["teachers"][0]["username"]]
    module.owner = owner
    index.add_child(instance=module)
    # Demo content is published directly, by nobody in particular (so nobody is notified);
    # later changes go through partner approval.
    module.save_revision(user=owner).publish(skip_permission_checks=True)
    return module


def translate_module(module, locale, spec):
    translation = module.copy_for_translation(locale)
    _fill(translation, spec)
    sessions = list(translation.sessions.order_by("starts_at", "pk"))
    for session, text in zip(sessions, spec.get("sessions", []), strict=False):
        session.title, session.place = text["title"], text.get("place") or session.place
    translation.sessions = sessions
    translation.save_revision().publish()
    return translation


def alias_in(module, locale):
    if not CourseModulePage.objects.filter(
        translation_key=module.translation_key, locale=locale
    ).exists():
        module.copy_for_translation(locale, alias=True)


def seed(log):
    homes = ensure_home_pages()
    index_texts, modules = load_modules()
    institutions = {i.short_name: i for i in Institution.objects.all()}
    users = {u.username: u for u in User.objects.filter(username__startswith="teacher.")}
    indexes = ensure_translated_indexes(homes, ModuleIndexPage, index_texts)
    for page in indexes.values():
        ensure_index_rights(page)
    index = indexes[settings.LANGUAGE_CODE]
    locales = {code: page.locale for code, page in indexes.items()}

    made = []
    for spec, translations in modules:
        module = CourseModulePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if module is None:
            module = create_module(index, spec, institutions, users)
            made.append(module.title)
        for code, locale in locales.items():
            if code == settings.LANGUAGE_CODE:
                continue
            if code in translations:
                existing = CourseModulePage.objects.filter(
                    translation_key=module.translation_key, locale=locale
                ).first()
                if existing is None:
                    translate_module(module, locale, translations[code])
            else:
                alias_in(module, locale)
        # Co-author rights follow the teachers lists, also for modules an older seed made.
        sync_coauthor_rights(module)
    log(
        f"modules: index in {', '.join(sorted(indexes))}; "
        + (f"created {', '.join(made)}" if made else "modules already present")
    )
