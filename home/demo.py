"""The home page in every language, the default site pointing at it, and what the other
apps' demo seeders share: reading their data files and making translated index pages.

Each app keeps its demo content in TOML files in its `demo_data/` folder.
"""

import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from wagtail.models import Locale, Page, Site

from .models import HomePage


def demo_path(app_label, name):
    """The path of the file `name` in an app's `demo_data/` folder."""
    return Path(apps.get_app_config(app_label).path) / "demo_data" / name


def load_demo_data(app_label, name):
    """The TOML file `name` of an app's demo data, as a dict; None if there is none."""
    path = demo_path(app_label, name)
    if not path.exists():
        return None
    with path.open("rb") as file:
        return tomllib.load(file)


# The home page's title and introduction by language code.
HOME_TEXT = {
    code: (text["title"], text["intro"])
    for code, text in load_demo_data("home", "home.toml").items()
}


def ensure_locales():
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


def site_address():
    """The host name and port of the public base URL (`WAGTAILADMIN_BASE_URL`).

    Wagtail writes every absolute page URL (calendars, the pages API, feeds) from the
    site's host name and port, so the demo site takes them from the base URL that
    `make run` serves and the e-mails link to.
    """
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return base.hostname, base.port or (443 if base.scheme == "https" else 80)


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
        title, intro = HOME_TEXT[settings.LANGUAGE_CODE]
        home = root.add_child(
            instance=HomePage(title=title, intro=intro, slug="home", locale=default_locale)
        )
    hostname, port = site_address()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "root_page": home,
            "hostname": hostname,
            "port": port,
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


def ensure_translated_indexes(homes, model, texts):
    """An index page of `model` under every home page, shown in the menu.

    `texts` gives each language's title, slug and intro. Missing pages are made, and an
    alias (which the admin's page-tree sync makes) becomes a translation of its own; pages
    that exist are left as editors left them. Returns the pages by language code.
    """
    default = settings.LANGUAGE_CODE
    index = model.objects.filter(locale=homes[default].locale).first()
    if index is None:
        text = texts[default]
        index = homes[default].add_child(
            instance=model(
                title=text["title"], slug=text["slug"], intro=text["intro"], show_in_menus=True
            )
        )
        index.save_revision().publish()
    indexes = {default: index}
    for code, home in homes.items():
        if code == default:
            continue
        translation = model.objects.filter(
            translation_key=index.translation_key, locale=home.locale
        ).first()
        if translation is None:
            translation = index.copy_for_translation(home.locale)
            translation.show_in_menus = True
        elif translation.alias_of_id is not None:
            translation.alias_of = None
        else:
            indexes[code] = translation
            continue
        text = texts[code]
        translation.title, translation.slug, translation.intro = (
            text["title"],
            text["slug"],
            text["intro"],
        )
        translation.save_revision().publish()
        # Publishing saves a copy made from the revision: this object still has the address
        # of the page it was copied from, and children added under it would inherit it.
        translation.refresh_from_db()
        indexes[code] = translation
    return indexes


def seed(log):
    homes = ensure_home_pages()
    log(f"home: home page in {', '.join(sorted(homes))}")
