"""No payload of the corpus can run script once a message is rendered and sanitised."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from collaboration.rendering import render_markdown
from collaboration.sanitise import ALLOWED_TAGS, clean_html

CORPUS = [
    line.replace("\\n", "\n")
    for line in (Path(__file__).parent / "data" / "xss_payloads.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_harmless(html):
    collector = Collector()
    collector.feed(html)
    collector.close()
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, f"tag <{tag}> survived in {html!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} survived in {html!r}"
            assert name != "style", f"style survived in {html!r}"
            if tag == "a":
                assert name in {"href", "rel"}, f"attribute {name} on <a> in {html!r}"
                if name == "href":
                    scheme = urlsplit(value.strip()).scheme.lower()
                    assert scheme in {"http", "https", "mailto"}, f"{value!r} in {html!r}"
                else:
                    assert value == "nofollow noopener ugc"
            else:
                pytest.fail(f"attribute {name} on <{tag}> survived in {html!r}")
    lowered = html.lower()
    # What remains is text or allowed tags; script can only come back as escaped text.
    assert "<script" not in lowered and "<style" not in lowered
    assert (
        "javascript:"
        not in "".join(attrs.get("href", "") for _tag, attrs in collector.tags).lower()
    )


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 50


@pytest.mark.parametrize("payload", CORPUS)
def test_rendered_message_is_harmless(payload):
    assert_harmless(render_markdown(payload))


@pytest.mark.parametrize("payload", CORPUS)
def test_sanitiser_alone_is_harmless(payload):
    """Even HTML that never went through Markdown (a future caller) comes out clean."""
    assert_harmless(clean_html(payload))


def test_markdown_features_survive():
    html = render_markdown(
        "**bold** *em* `code`\n\n> quote\n\n- one\n- two\n\n1. first\n\n"
        "```\nprint('hi')\n```\n\n[site](https://example.org) <mailto:a@example.org>"
    )
    for fragment in [
        "<strong>bold</strong>",
        "<em>em</em>",
        "<code>code</code>",
        "<blockquote>",
        "<ul>",
        "<ol>",
        "<li>one</li>",
        "<pre><code>print('hi')",
        '<a href="https://example.org" rel="nofollow noopener ugc">site</a>',
        'href="mailto:a@example.org"',
    ]:
        assert fragment in html


def test_line_breaks_and_escaped_text():
    assert render_markdown("one\ntwo") == "<p>one<br>\ntwo</p>"
    assert render_markdown("1 < 2 & <b>x</b>") == "<p>1 &lt; 2 &amp; &lt;b&gt;x&lt;/b&gt;</p>"


def test_unsafe_link_is_shown_as_text_not_link():
    html = render_markdown("[click](javascript:alert(1))")
    assert "<a" not in html
    assert "click" in html
