"""Reading what a visitor sees on the good-practice listing, from the HTML."""

from html.parser import HTMLParser


class ListingReader(HTMLParser):
    """Collects facet options (with counts and state), result titles and chips."""

    def __init__(self):
        super().__init__()
        self.options = {}
        self.titles = []
        self.links = {}
        self._option = None
        self._in_count = False
        self._in_title = False
        self._count_text = ""
        self._title_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "a" and "facet-option" in classes:
            self._option = (attrs["data-facet"], attrs["data-value"])
            self.options[self._option] = {
                "selected": "selected" in classes,
                "url": attrs["href"],
                "count": None,
            }
        elif tag == "span" and "facet-count" in classes and self._option:
            self._in_count = True
            self._count_text = ""
        elif tag == "span" and self._in_count:
            # The visually hidden word after the number.
            self._in_count = False
            self.options[self._option]["count"] = int(self._count_text.strip())
        elif tag in ("h2", "h3") and "example-card-title" in classes:
            self._in_title = True
            self._title_text = ""

    def handle_endtag(self, tag):
        if tag == "a" and self._option:
            self._option = None
        if tag in ("h2", "h3") and self._in_title:
            self._in_title = False
            self.titles.append(self._title_text.strip())

    def handle_data(self, data):
        if self._in_count:
            self._count_text += data
        if self._in_title:
            self._title_text += data


def read_listing(response):
    reader = ListingReader()
    reader.feed(response.content.decode())
    return reader


def counts(reader, facet):
    """{value: count} of the options offered in one facet."""
    return {
        value: option["count"] for (name, value), option in reader.options.items() if name == facet
    }
