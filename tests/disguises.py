"""Characters that can disguise a name or a topic, one of each kind, for the tests."""

import unicodedata

DISGUISING = {
    "right-to-left override": "\u202e",
    "left-to-right override": "\u202d",
    "left-to-right embedding": "\u202a",
    "right-to-left embedding": "\u202b",
    "pop directional formatting": "\u202c",
    "left-to-right isolate": "\u2066",
    "right-to-left isolate": "\u2067",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "right-to-left mark": "\u200f",
    "zero width space": "\u200b",
    "zero width non-joiner": "\u200c",
    "zero width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "delete": "\x7f",
    "bell": "\x07",
    "escape": "\x1b",
    "C1 control": "\x9b",
    "private use": "\ue000",
    "hangul filler": "\u3164",
    "blank braille pattern": "\u2800",
}


def name_refusal(char):
    """The error a form shows for a name with `char` in it, in English."""
    code = f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()
    return (
        f"A name cannot contain invisible, control or direction-changing characters (found {code})."
    )
