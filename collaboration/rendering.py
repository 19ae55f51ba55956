"""Message bodies: CommonMark in, sanitised HTML out, with @mentions highlighted."""

import re

from django.utils.html import format_html
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .sanitise import clean_html

# Raw HTML is never passed through. Headings, rules and images would produce tags outside
# the allowlist, so they stay plain text; a line break in a chat message is a line break.
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
    ["heading", "lheading", "hr", "image", "html_block", "html_inline"]
)

# "@" and a username (Django's characters but "@"), not inside a word or an e-mail
# address, ending in a letter or digit so that "@sofie." at the end of a sentence is Sofie.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]*\w)")


def _texts(tokens):
    """The text tokens of the body outside code and links: where a mention can be."""
    for token in tokens:
        if token.type != "inline":
            continue
        in_link = False
        for child in token.children:
            if child.type in {"link_open", "link_close"}:
                in_link = child.type == "link_open"
            elif child.type == "text" and not in_link:
                yield token, child


def mention_names(body):
    """The names written as @name in `body` (lower case), outside code spans and links."""
    return {
        match.group(1).lower()
        for _inline, text in _texts(_markdown.parse(body))
        for match in MENTION.finditer(text.content)
    }


def _split(text, mentions):
    """`text` as text tokens and the HTML of the mentions found in it."""
    parts, start = [], 0
    for match in MENTION.finditer(text.content):
        mention = mentions.get(match.group(1).lower())
        if mention is None:
            continue
        parts.append(Token("text", "", 0, content=text.content[start : match.start()]))
        user_id, label = mention
        if user_id is None:
            html = format_html('<span class="mention">@{}</span>', label)
        else:
            html = format_html('<span class="mention" data-user-id="{}">@{}</span>', user_id, label)
        parts.append(Token("html_inline", "", 0, content=str(html)))
        start = match.end()
    parts.append(Token("text", "", 0, content=text.content[start:]))
    return parts


def render_markdown(body, mentions=None):
    """Render a message body written in Markdown to HTML that is safe to show anyone.

    `mentions` maps lower-case names to `(user id or None, label)`: each @name among them is
    drawn as `<span class="mention">` with the label; every other @name stays text.
    """
    tokens = _markdown.parse(body)
    if mentions:
        for inline, text in list(_texts(tokens)):
            index = inline.children.index(text)
            inline.children[index : index + 1] = _split(text, mentions)
    return clean_html(_markdown.renderer.render(tokens, _markdown.options, {})).strip()
