"""Every string a person reads has its nb and sv translation, compiled.

locale/ holds the platform's own strings; locale_wagtail/ the strings that Wagtail's own
nb and sv catalogues leave untranslated, so that its admin speaks the reader's language too.
"""

import json
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALE_DIR = ROOT / "locale"
WAGTAIL_LOCALE_DIR = ROOT / "locale_wagtail"
LANGUAGES = ["nb", "sv"]


def catalogues(language):
    return sorted(
        path
        for folder in (LOCALE_DIR, WAGTAIL_LOCALE_DIR)
        for path in (folder / language / "LC_MESSAGES").glob("*.po")
    )


def untranslated(entry):
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def translations(catalogue):
    return {
        key(entry): (entry.msgstr, dict(entry.msgstr_plural))
        for entry in catalogue
        if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_exists(language):
    names = [path.name for path in catalogues(language)]
    assert "django.po" in names


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_reviewed(language):
    problems = []
    for path in catalogues(language):
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            where = ", ".join(f"{file}:{line}" for file, line in entry.occurrences[:2])
            if "fuzzy" in entry.flags:
                problems.append(f"{path.name}: fuzzy: {entry.msgid!r} ({where})")
            elif untranslated(entry):
                problems.append(f"{path.name}: untranslated: {entry.msgid!r} ({where})")
    assert not problems, f"{len(problems)} problems in {language}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language):
    for path in catalogues(language):
        compiled = path.with_suffix(".mo")
        assert compiled.exists(), f"{compiled} is missing: run make messages"
        source = translations(polib.pofile(str(path)))
        # A .mo file holds only translated entries, so compare against those.
        source = {k: v for k, v in source.items() if v[0] or any(v[1].values())}
        assert translations(polib.mofile(str(compiled))) == source, (
            f"{compiled.name} is out of date with {path.name}: run make messages"
        )


def wagtail_catalogues(language):
    """(domain, English entries, translated keys) of each installed Wagtail app's catalogues."""
    for app in apps.get_app_configs():
        if not app.name.startswith("wagtail"):
            continue
        for english in sorted(Path(app.path, "locale", "en", "LC_MESSAGES").glob("*.po")):
            compiled = Path(app.path, "locale", language, "LC_MESSAGES", english.stem + ".mo")
            own = translations(polib.mofile(str(compiled))) if compiled.exists() else {}
            yield english.stem, polib.pofile(str(english)), own


@pytest.mark.parametrize("language", LANGUAGES)
def test_wagtail_admin_has_every_string_in_the_language(language):
    """A Wagtail upgrade that adds strings fails here, naming them and where they go."""
    filled = {}
    for path in (WAGTAIL_LOCALE_DIR / language / "LC_MESSAGES").glob("*.po"):
        filled[path.stem] = translations(polib.pofile(str(path)))
    missing = [
        f"{domain}: {entry.msgid!r}"
        for domain, english, own in wagtail_catalogues(language)
        for entry in english
        if entry.msgid
        and not entry.obsolete
        and key(entry) not in own
        and key(entry) not in filled.get(domain, {})
    ]
    assert not missing, (
        f"{len(missing)} Wagtail strings have no {language} translation; add them to "
        f"locale_wagtail/{language}/LC_MESSAGES/<domain>.po:\n" + "\n".join(missing[:50])
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_strings_wagtail_leaves_out_are_read_in_the_language(language):
    """Django reads locale_wagtail after the platform's catalogue and before Wagtail's own."""
    ours = translations(polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")))
    filled = translations(
        polib.pofile(str(WAGTAIL_LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    )
    wrong = []
    with translation.override(language):
        for (context, msgid, plural), (msgstr, forms) in filled.items():
            if (context, msgid, plural) in ours:
                continue
            if plural:
                read = (
                    translation.npgettext(context, msgid, plural, 2)
                    if context
                    else (translation.ngettext(msgid, plural, 2))
                )
                expected = forms[1]
            else:
                read = (
                    translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                )
                expected = msgstr
            if read != expected:
                wrong.append(f"{msgid!r}: {read!r} instead of {expected!r}")
    assert filled and not wrong, "\n".join(wrong[:20])
    with translation.override("en"):
        assert translation.gettext("Workflow history") == "Workflow history"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_scripts_catalogue_has_the_filled_strings(client, django_user_model, language):
    """The admin's scripts read Wagtail's catalogue plus locale_wagtail (a string Wagtail lacks)."""
    filled = translations(
        polib.pofile(str(WAGTAIL_LOCALE_DIR / language / "LC_MESSAGES" / "djangojs.po"))
    )
    (context, msgid, _plural), (msgstr, _forms) = next(
        (k, v) for k, v in filled.items() if not k[0] and not k[2]
    )
    user = django_user_model.objects.create_superuser(
        "admin", "admin@example.org", "pw", language=language
    )
    client.force_login(user)
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    catalogue = response.content.decode()
    assert json.dumps(msgid)[1:-1] in catalogue and json.dumps(msgstr)[1:-1] in catalogue
