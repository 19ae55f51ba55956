"""Message bodies: CommonMark in, sanitised HTML out."""

from markdown_it import MarkdownIt

from .sanitise import clean_html

# Raw HTML is never passed through. Headings, rules and images would produce tags outside
# the allowlist, so they stay plain text; a line break in a chat message is a line break.
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
    ["heading", "lheading", "hr", "image", "html_block", "html_inline"]
)


def render_markdown(body):
    """Render a message body written in Markdown to HTML that is safe to show anyone."""
    return clean_html(_markdown.render(body)).strip()
