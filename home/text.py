"""Rules for the short texts people write for others to read: names and discussion topics.

Some characters change how the text around them looks without showing themselves, and so
can disguise a name: direction overrides, embeddings and isolates (U+202A–U+202E,
U+2066–U+2069) make "gnp.exe" read as "exe.png"; zero-width spaces and joiners
(U+200B–U+200D, U+2060) and the byte-order mark (U+FEFF) make two names that look alike
differ; control characters (BEL, DEL, the C1 controls), private-use characters and
letters that show nothing (the Hangul fillers, the blank Braille pattern) hide what is
there. Names and topics are normalised to NFC, every run of white space (tabs and new
lines included) becomes one space, and the characters above are refused with a message
naming them.

Message bodies are Markdown and may hold such characters, but a body made of nothing else
is blank (`is_blank`).
"""

import unicodedata

from django.utils.translation import gettext_lazy

# Control, format, surrogate and private-use characters, line and paragraph separators.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
# Letters and marks that show nothing: the combining grapheme joiner, the Khmer inherent
# vowels, the Hangul fillers and the blank Braille pattern.
BLANK_LETTERS = frozenset("\u034f\u17b4\u17b5\u115f\u1160\u2800\u3164\uffa0")
# Variation selectors choose how the character before them is drawn (an emoji's colour
# form, for example); alone they show nothing, but after a character they are harmless.
VARIATION_SELECTORS = frozenset(
    [
        *map(chr, range(0xFE00, 0xFE10)),
        *map(chr, range(0xE0100, 0xE01F0)),
        *"\u180b\u180c\u180d\u180f",
    ]
)


def is_hidden(char):
    """Whether `char` disguises the text around it or shows nothing where it stands."""
    return unicodedata.category(char) in HIDDEN_CATEGORIES or char in BLANK_LETTERS


def is_blank(text):
    """Whether `text` shows nothing: only white space and hidden characters (see `is_hidden`)."""
    return all(char.isspace() or is_hidden(char) or char in VARIATION_SELECTORS for char in text)


def describe(char):
    """'U+202E RIGHT-TO-LEFT OVERRIDE': how an error message names a character nobody sees."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def normalise(value):
    """`value` in NFC, every run of white space one space, none at either end."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def _clean(value, refusal):
    """`value` normalised (NFC, single spaces, no leading or trailing space; "" if nothing is
    left); ValueError with the translated `refusal` naming the first hidden character."""
    text = normalise(value)
    for char in text:
        if is_hidden(char):
            raise ValueError(refusal % {"character": describe(char)})
    return text


NAME_REFUSAL = gettext_lazy(
    "A name cannot contain invisible, control or direction-changing characters "
    "(found %(character)s)."
)
TOPIC_REFUSAL = gettext_lazy(
    "A topic cannot contain invisible, control or direction-changing characters "
    "(found %(character)s)."
)

REASON_REFUSAL = gettext_lazy(
    "A reason cannot contain invisible, control or direction-changing characters "
    "(found %(character)s)."
)


def clean_name(value):
    """A person's name as others will see it; ValueError (translated) if it could disguise it."""
    return _clean(value, NAME_REFUSAL)


def clean_topic_text(value):
    """A discussion topic as others will see it; ValueError (translated) if it could disguise it."""
    return _clean(value, TOPIC_REFUSAL)


def clean_reason(value):
    """A reason given to someone for a decision about their work (a hidden message)."""
    return _clean(value, REASON_REFUSAL)


def group_label(name, number):
    """The name of a student group as people see it.

    A name a teacher typed is shown as typed; a group the platform formed has only a number
    and reads "Group 1" in the language of the reader.
    """
    if name:
        return name
    return gettext_lazy("Group %(number)s") % {"number": number}
