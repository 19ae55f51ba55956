"""The one place where HTML is cleaned.

Everything people write and the site shows as HTML passes through `clean_html`. The engine
is nh3 (Ammonia); swapping it means changing this module only.
"""

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "span"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"data-user-id"}}
# A span is kept only as a mention (rendering.py): class "mention", a whole-number user id.
ALLOWED_VALUES = {"span": {"class": {"mention"}}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"


def _keep_attribute(tag, attribute, value):
    if attribute == "data-user-id" and not (value.isascii() and value.isdigit()):
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    # Removed with everything inside them, rather than leaving their text behind.
    clean_content_tags={"script", "style"},
    # "*" must be given, or Ammonia keeps its default attributes for every tag (title, lang).
    attributes={"*": set()} | {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    tag_attribute_values=ALLOWED_VALUES,
    attribute_filter=_keep_attribute,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    # A relative link would point into this site, which a message has no business doing.
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)


def clean_html(html):
    """Return `html` reduced to the allowlist: no script, style, event handler or unsafe URL."""
    return _cleaner.clean(html)
