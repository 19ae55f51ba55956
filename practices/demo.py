"""Demo good-practice examples, from `demo_data/`: the index in three languages, the
schools and universities of the examples, the examples with their translations, and a
picture of the partner countries' flags for each (`demo_data/flags/`).

Creates what is missing and leaves existing pages alone, so it is safe to run twice and
never overwrites what editors changed.
"""

import datetime

from django.conf import settings
from django.core.files.images import ImageFile
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.images import get_image_model
from wagtail.models import Locale

from accounts.demo import ensure_institutions
from accounts.models import Institution
from home.demo import demo_path, ensure_home_pages, ensure_translated_indexes, load_demo_data
from modules.models import CourseModulePage

from .curation import ensure_curation
from .models import GoodPracticePage, PracticeIndexPage


def load_examples():
    """The index texts, and each example with its translations by language."""
    data = load_demo_data("practices", "index.toml")
    examples = []
    for slug in data["examples"]:
        spec = load_demo_data("practices", f"{slug}.toml")
        spec["translations"] = {}
        for code, _name in settings.LANGUAGES:
            text = load_demo_data("practices", f"{slug}.{code}.toml")
            if code != settings.LANGUAGE_CODE and text:
                spec["translations"][code] = text
        examples.append(spec)
    return data["index"], examples


def flags_alt(codes, language):
    with translation.override(language):
        names = [str(countries.name(code)) for code in codes]
        return _("Flags of %(countries)s side by side") % {
            "countries": get_text_list(names, _("and"))
        }


def ensure_flags_image(codes):
    """The picture of these countries' flags side by side, from `demo_data/flags/`."""
    Image = get_image_model()
    title = "Flags: " + ", ".join(codes)
    image = Image.objects.filter(title=title).first()
    if image is None:
        name = f"flags-{'-'.join(codes).lower()}.png"
        with demo_path("practices", f"flags/{name}").open("rb") as file:
            image = Image(title=title)
            image.file = ImageFile(file, name=name)
            image.save()
    return image


def _raw_images(image, alt):
    return [{"type": "image", "value": {"image": image.pk, "alt_text": alt, "decorative": False}}]


def _raw_tips(tips):
    return [{"type": "tip", "value": tip} for tip in tips]


def _fill(page, text, language, image, codes):
    page.title = text["title"]
    page.summary = text["summary"]
    page.what_worked = text["what_worked"]
    page.tips = _raw_tips(text["tips"])
    page.images = _raw_images(image, flags_alt(codes, language))


def create_example(spec, indexes, institutions):
    index = indexes[settings.LANGUAGE_CODE]
    image = ensure_flags_image(spec["flags"])
    page = GoodPracticePage(
        slug=spec["slug"],
        sector=spec["sector"],
        mode=spec["mode"],
        duration=spec["duration"],
        participants=spec["participants"],
        featured=spec["featured"],
        contact_name=spec["contact_name"],
        contact_email=spec["contact_email"],
        live=False,
    )
    _fill(page, spec, settings.LANGUAGE_CODE, image, spec["flags"])
    page.institutions = [institutions[name] for name in spec["institutions"]]
    page.tags.add(*spec["tags"])
    # One score per quality criterion: innovation, curriculum, collaboration, ...
    for criterion, score in spec.get("scores", {}).items():
        setattr(page, f"score_{criterion}", score)
    if spec.get("module"):
        page.module = CourseModulePage.objects.filter(
            title=spec["module"], locale=index.locale
        ).first()
    index.add_child(instance=page)
    page.save_revision().publish()
    published = timezone.make_aware(
        datetime.datetime.combine(spec["published"], datetime.time(9, 0))
    )
    GoodPracticePage.objects.filter(pk=page.pk).update(
        first_published_at=published, last_published_at=published
    )
    return page


def translate_example(page, spec, code, index):
    text = spec["translations"][code]
    translated = page.copy_for_translation(index.locale)
    image = ensure_flags_image(spec["flags"])
    _fill(translated, text, code, image, spec["flags"])
    translated.slug = page.slug
    translated.duration = text.get("duration", page.duration)
    translated.tags.set(text.get("tags", spec["tags"]))
    translated.save_revision().publish()
    GoodPracticePage.objects.filter(pk=translated.pk).update(
        first_published_at=page.first_published_at, last_published_at=page.last_published_at
    )
    return translated


def seed(log):
    homes = ensure_home_pages()
    index_texts, examples = load_examples()
    institutions = ensure_institutions(
        load_demo_data("practices", "institutions.toml")["institutions"]
    )
    for institution in Institution.objects.filter(short_name__in=["OsloMet", "UCLL"]):
        institutions[institution.short_name] = institution
    indexes = ensure_translated_indexes(homes, PracticeIndexPage, index_texts)
    for page in indexes.values():
        ensure_curation(page)
    default_index = indexes[settings.LANGUAGE_CODE]
    made = translated = 0
    for spec in examples:
        page = GoodPracticePage.objects.filter(
            slug=spec["slug"], locale=default_index.locale
        ).first()
        if page is None:
            page = create_example(spec, indexes, institutions)
            page.refresh_from_db()
            made += 1
        for code, index in indexes.items():
            if code == settings.LANGUAGE_CODE or page.has_translation(index.locale):
                continue
            if code in spec["translations"]:
                translate_example(page, spec, code, index)
                translated += 1
            else:
                # Untranslated examples appear in the other language trees as aliases,
                # as they would if an editor had made them in the admin.
                page.copy_for_translation(index.locale, alias=True)
    total = GoodPracticePage.objects.filter(locale=Locale.get_default(), live=True).count()
    log(
        f"practices: good-practice index in {', '.join(sorted(indexes))}; {total} published "
        f"examples ({made} new, {translated} new translations)"
    )
