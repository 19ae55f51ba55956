"""Atom feed of new good-practice examples, one per language (served by the index page)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

FEED_LENGTH = 20


class LatestExamplesFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index):
        super().__init__()
        self.index = index
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("%(site)s: %(title)s") % {"site": _("COIL Commons"), "title": self.index.title}

    def subtitle(self):
        return self.index.intro or _(
            "New examples of international collaboration that worked, chosen by our editors."
        )

    def link(self):
        return self.index.get_url(self.request)

    def feed_url(self):
        return self.request.path

    def items(self):
        return (
            self.index.examples()
            .order_by("-first_published_at", "-pk")
            .prefetch_related("tagged_items__tag")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        # Stable across translations and slug changes.
        return f"urn:uuid:{item.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]
