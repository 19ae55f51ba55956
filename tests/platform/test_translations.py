"""locale/nb and locale/sv are complete and compiled: every UI string has a translation."""

from pathlib import Path

import polib
import pytest

LOCALE_DIR = Path(__file__).resolve().parent.parent.parent / "locale"
LANGUAGES = ["nb", "sv"]


def catalogues(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    return sorted(folder.glob("*.po"))


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
    assert not problems, f"{len(problems)} problems in locale/{language}:\n" + "\n".join(problems)


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
