"""The site-wide search: the kinds of pages it finds, and the visitor's results.

Apps add a kind through the Wagtail hook `site_search_kind`: a function with no arguments
that returns a `SearchKind`. Kinds are shown in the order of registration.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from wagtail import hooks
from wagtail.models import Locale, PageViewRestriction

RESULTS_PER_PAGE = 20
QUERY_MAX_LENGTH = 200


@dataclass(frozen=True)
class SearchKind:
    """Pages of `model` found by the search, under the heading `label`."""

    key: str
    label: str
    model: type


def search_kinds():
    return [register() for register in hooks.get_hooks("site_search_kind")]


def visible_pages(model, request):
    """Live pages of `model` in the active language, without the ones the visitor may not see.

    A page is hidden, with everything under it, while it has a view restriction (private,
    password, groups) that this request does not pass: Wagtail's own rule for serving it.
    """
    pages = model.objects.live().filter(locale=Locale.get_active())
    for restriction in PageViewRestriction.objects.select_related("page"):
        if not restriction.accept_request(request):
            pages = pages.not_descendant_of(restriction.page, inclusive=True)
    return pages


@dataclass
class Hit:
    kind: SearchKind
    page: object


class Results:
    """The hits of every kind, one kind after the other, each best first; sliceable.

    Each kind's search runs only for the slice a page of results shows, and its count once.
    """

    def __init__(self, found):
        self.found = found  # [(kind, search results)]
        self.counts = [(kind, results.count()) for kind, results in found]

    def __len__(self):
        return sum(count for _kind, count in self.counts)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Results are read in slices")
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        hits, offset = [], 0
        for (kind, results), (_kind, count) in zip(self.found, self.counts, strict=True):
            low, high = max(start - offset, 0), min(stop - offset, count)
            if low < high:
                hits.extend(Hit(kind, page) for page in results[low:high])
            offset += count
        return hits


def search_site(request, query, page_number):
    """(counts per kind, a Paginator page of hits) for `query`, or (None, None) without one."""
    query = query.strip()[:QUERY_MAX_LENGTH]
    if not query:
        return None, None
    found = [
        (kind, visible_pages(kind.model, request).search(query, operator="and"))
        for kind in search_kinds()
    ]
    results = Results(found)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
    return results.counts, page
