"""The one place where HTML is cleaned.

Everything people write and the site shows as HTML passes through `clean_html`. The engine
is nh3 (Ammonia); swapping it means changing this module only.
"""

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    # Removed with everything inside them, rather than leaving their text behind.
    clean_content_tags={"script", "style"},
    # "*" must be given, or Ammonia keeps its default attributes for every tag (title, lang).
    attributes={"*": set()} | {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    # A relative link would point into this site, which a message has no business doing.
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)


def clean_html(html):
    """Return `html` reduced to the allowlist: no script, style, event handler or unsafe URL."""
    return _cleaner.clean(html)
