"""Names and topics refuse the characters that could disguise them; blank means nothing shows."""

import re

import pytest
from django.utils import translation

from home.text import clean_name, clean_topic_text, is_blank
from tests.disguises import DISGUISING

CLEANERS = {"name": clean_name, "topic": clean_topic_text}


@pytest.mark.parametrize("clean", CLEANERS.values(), ids=CLEANERS.keys())
@pytest.mark.parametrize("char", DISGUISING.values(), ids=DISGUISING.keys())
def test_disguising_characters_are_refused_and_named(clean, char):
    with pytest.raises(ValueError) as refused:
        clean(f"admin{char}gnp.exe")

    assert f"U+{ord(char):04X}" in str(refused.value)
    assert "invisible, control or direction-changing characters" in str(refused.value)


@pytest.mark.parametrize("clean", CLEANERS.values(), ids=CLEANERS.keys())
def test_a_text_of_only_a_hidden_character_is_refused_not_emptied(clean):
    with pytest.raises(ValueError, match=re.escape("U+200B ZERO WIDTH SPACE")):
        clean("\u200b")


@pytest.mark.parametrize("clean", CLEANERS.values(), ids=CLEANERS.keys())
@pytest.mark.parametrize(
    "typed",
    [
        "Ingrid\tHansen",
        "Ingrid\nHansen\n",
        "Ingrid\r\nHansen",
        "  Ingrid \u00a0\u2003 Hansen ",
        "Ingrid\u3000Hansen",
        "Ingrid\u2028Hansen",
    ],
    ids=["tab", "new line", "CRLF", "no-break and em spaces", "ideographic space", "line sep"],
)
def test_white_space_of_every_kind_becomes_one_space(clean, typed):
    assert clean(typed) == "Ingrid Hansen"


@pytest.mark.parametrize("clean", CLEANERS.values(), ids=CLEANERS.keys())
def test_text_is_normalised_to_nfc(clean):
    decomposed = "Zoe\u0308 Lo\u0301pez"

    cleaned = clean(decomposed)

    assert cleaned == "Zoë López"
    assert len(cleaned) == len("Zoë López") == 9


@pytest.mark.parametrize("clean", CLEANERS.values(), ids=CLEANERS.keys())
@pytest.mark.parametrize(
    "text",
    [
        "Søren Ødegård",
        "Pieter-Jan O'Brien",
        "অনন্যা সেন",
        "आरती शर्मा",
        "李小龙",
        "محمد رضا",
        "שרה כהן",
        "Ada 👋🏽",
        "Ada ❤\ufe0f",
        "week 1 · logistics",
    ],
)
def test_ordinary_names_and_topics_of_every_script_are_kept(clean, text):
    assert clean(text) == text


@pytest.mark.parametrize("clean", CLEANERS.values(), ids=CLEANERS.keys())
def test_nothing_but_white_space_is_empty(clean):
    assert clean(" \t\n ") == ""


def test_the_refusal_speaks_the_language_of_the_request():
    with translation.override("nb"), pytest.raises(ValueError) as name:
        clean_name("Ingrid\u202e")
    with translation.override("sv"), pytest.raises(ValueError) as topic:
        clean_topic_text("uke\u200b1")

    assert str(name.value).startswith("Et navn kan ikke inneholde")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in str(name.value)
    assert str(topic.value).startswith("Ett ämne får inte innehålla")


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\t", "\u200b", " \u200b\u200c\u200d\u2060\ufeff\n", "\u202e\u2066", "\u3164"]
    + ["\u2800", "\ufe0f", "\x07\x7f", "\u00a0\u3000"],
)
def test_text_that_shows_nothing_is_blank(text):
    assert is_blank(text)


@pytest.mark.parametrize("text", ["a", ".", "\u200bhello\u200b", "👋", "❤\ufe0f", "李"])
def test_text_that_shows_something_is_not_blank(text):
    assert not is_blank(text)
