"""The home page in every language, and the default site pointing at it."""

from django.conf import settings
from wagtail.models import Locale, Page, Site

from .models import HomePage

HOME_TEXT = {
    "en": (
        "Collaborative online international learning",
        "Design a course module together with partner institutions abroad, let students "
        "work in mixed cross-campus groups, and share what worked.",
    ),
    "nb": (
        "Samarbeidsbasert internasjonal læring på nett",
        "Utform en emnemodul sammen med partnerinstitusjoner i utlandet, la studentene "
        "arbeide i blandede grupper på tvers av campus, og del det som fungerte.",
    ),
    "sv": (
        "Internationellt samarbetslärande online",
        "Utforma en kursmodul tillsammans med partnerlärosäten utomlands, låt studenterna "
        "arbeta i blandade grupper över campusgränserna och dela det som fungerade.",
    ),
}


def ensure_locales():
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


def ensure_home_pages():
    """Create the home page and its translations if missing; return them by language code."""
    locales = ensure_locales()
    default_locale = locales[settings.LANGUAGE_CODE]
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=default_locale).first()
    if home is None:
        # The welcome page Wagtail creates on a fresh database is replaced by ours.
        for welcome in root.get_children():
            if welcome.specific_class is Page:
                welcome.delete()
        title, intro = HOME_TEXT["en"]
        home = root.add_child(
            instance=HomePage(title=title, intro=intro, slug="home", locale=default_locale)
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "root_page": home,
            "hostname": "localhost",
            "port": 80,
            "site_name": "COIL Commons",
        },
    )
    homes = {settings.LANGUAGE_CODE: home}
    for code, locale in locales.items():
        if code == settings.LANGUAGE_CODE:
            continue
        translation = HomePage.objects.filter(
            translation_key=home.translation_key, locale=locale
        ).first()
        if translation is None:
            translation = home.copy_for_translation(locale)
        title, intro = HOME_TEXT[code]
        # Publish only what changed, so that running seed_demo again adds no revisions.
        if not translation.live or (translation.title, translation.intro) != (title, intro):
            translation.title, translation.intro = title, intro
            translation.save_revision().publish()
        homes[code] = translation
    return homes


def seed(log):
    homes = ensure_home_pages()
    log(f"home: home page in {', '.join(sorted(homes))}")
