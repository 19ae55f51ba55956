"""The good-practice listing: filters from the URL, facet counts, search and pagination.

Facet counts follow the usual rule: an option's number is how many examples there would
be if the visitor chose it, with every other active filter kept. Country, sector and
mode take one value each, so their options are counted without their own filter; tags
combine (an example must have all chosen tags), so they are counted within the current
results. Each facet is one query, whatever the number of options or examples.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.images import get_image_model
from wagtail.models import Locale

from accounts.models import Sector
from modules.choices import Mode

from .quality import MEETS_QUALITY_CRITERIA

PER_PAGE = 12
MAX_TAGS = 15
MAX_QUERY_LENGTH = 200
MAX_SEARCH_RESULTS = 1000
CARD_RENDITION = "fill-640x360-c50"
TAG_SLUG = re.compile(r"^[-\w]{1,100}$")


@dataclass
class Filters:
    q: str = ""
    country: str = ""
    sector: str = ""
    mode: str = ""
    tags: list = field(default_factory=list)
    quality: bool = False
    ignored: bool = False  # the URL held values we could not use

    @property
    def active(self):
        return bool(self.country or self.sector or self.mode or self.tags or self.quality)

    def params(self, **changes):
        """The query parameters of this filter set, with `changes` applied."""
        values = {
            "q": self.q,
            "sector": self.sector,
            "country": self.country,
            "mode": self.mode,
            "tag": list(self.tags),
            "quality": "1" if self.quality else "",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value}

    def url(self, **changes):
        params = self.params(**changes)
        return "?" + urlencode(params, doseq=True) if params else "?"


def read_filters(query):
    """Filters from the query string. Values we do not know are dropped and flagged."""
    filters = Filters(q=query.get("q", "").strip()[:MAX_QUERY_LENGTH])
    country = query.get("country", "").strip().upper()
    if country:
        if country in dict(countries):
            filters.country = country
        else:
            filters.ignored = True
    for name, choices in (("sector", Sector.values), ("mode", Mode.values)):
        value = query.get(name, "").strip()
        if value in choices:
            setattr(filters, name, value)
        elif value:
            filters.ignored = True
    for tag in query.getlist("tag"):
        tag = tag.strip().lower()
        if TAG_SLUG.match(tag):
            if tag not in filters.tags:
                filters.tags.append(tag)
        elif tag:
            filters.ignored = True
    quality = query.get("quality", "")
    if quality == "1":
        filters.quality = True
    elif quality:
        filters.ignored = True
    return filters


def apply_filters(pages, filters, skip=None):
    if filters.country and skip != "country":
        # Country codes are two letters stored comma-separated, so a two-letter
        # substring can only ever match a whole code.
        pages = pages.filter(countries__contains=filters.country)
    if filters.sector and skip != "sector":
        pages = pages.filter(sector=filters.sector)
    if filters.mode and skip != "mode":
        pages = pages.filter(mode=filters.mode)
    for tag in filters.tags:
        # One filter() per tag: the example must carry every chosen tag.
        pages = pages.filter(tagged_items__tag__slug=tag)
    if filters.quality and skip != "quality":
        pages = pages.filter(MEETS_QUALITY_CRITERIA)
    return pages


def search_ids(examples, query, locales):
    """Ids of live examples in `locales` matching the words, best first (Wagtail search).

    Search backends cannot filter by the language fallback of `examples`, so this searches
    every live example of their kind in `locales`; the caller keeps those in `examples`.
    """
    results = examples.model.objects.live().filter(locale__in=locales).search(query)
    return [page.pk for page in results[:MAX_SEARCH_RESULTS]]


def _option(filters, key, value, label, count, selected):
    new_value = "" if selected else value
    return {
        "value": value,
        "label": label,
        "count": count,
        "selected": selected,
        "url": filters.url(**{key: new_value}),
    }


def facet_groups(base, filters):
    country_counts = Counter()
    for value in apply_filters(base, filters, skip="country").values_list("countries", flat=True):
        codes = value.split(",") if isinstance(value, str) else [c.code for c in value]
        country_counts.update(code for code in codes if code)
    if filters.country:
        country_counts.setdefault(filters.country, 0)
    country_options = sorted(
        (
            _option(filters, "country", code, countries.name(code), count, code == filters.country)
            for code, count in country_counts.items()
        ),
        key=lambda option: str(option["label"]),
    )

    groups = [
        {"key": "sector", "label": _("Sector"), "choices": Sector.choices},
        {"key": "country", "label": _("Country"), "options": country_options},
        {"key": "mode", "label": _("Mode"), "choices": Mode.choices},
    ]
    for group in groups:
        if "choices" not in group:
            continue
        key = group["key"]
        counts = dict(
            apply_filters(base, filters, skip=key)
            .order_by()
            .values_list(key)
            .annotate(n=Count("pk"))
        )
        current = getattr(filters, key)
        group["options"] = [
            _option(filters, key, value, label, counts.get(value, 0), value == current)
            for value, label in group.pop("choices")
        ]

    tag_rows = apply_filters(base, filters).tag_counts()[:MAX_TAGS]
    tag_options = []
    for row in tag_rows:
        slug = row["tag__slug"]
        selected = slug in filters.tags
        tags = [tag for tag in filters.tags if tag != slug] if selected else [*filters.tags, slug]
        tag_options.append(
            {
                "value": slug,
                "label": row["tag__name"],
                "count": row["n"],
                "selected": selected,
                "url": filters.url(tag=tags),
            }
        )
    groups.append({"key": "tag", "label": _("Subject"), "options": tag_options})

    quality_count = apply_filters(base, filters, skip="quality").filter(MEETS_QUALITY_CRITERIA)
    groups.append(
        {
            "key": "quality",
            "label": _("Quality"),
            "options": [
                _option(
                    filters,
                    "quality",
                    "1",
                    _("Meets all quality criteria"),
                    quality_count.count(),
                    filters.quality,
                )
            ],
        }
    )
    for group in groups:
        # An option that would leave nothing is not offered, unless it is chosen.
        group["options"] = [o for o in group["options"] if o["count"] or o["selected"]]
    return [group for group in groups if group["options"]]


def active_chips(filters, groups):
    """The chosen filters as removable chips, in the order of the facets."""
    chips = []
    for group in groups:
        for option in group["options"]:
            if option["selected"]:
                chips.append(
                    {"group": group["label"], "label": option["label"], "url": option["url"]}
                )
    # A chosen tag that no current example carries has no option; still let it go.
    shown = {chip["label"] for chip in chips}
    for tag in filters.tags:
        if not any(o["value"] == tag for g in groups if g["key"] == "tag" for o in g["options"]):
            if tag not in shown:
                rest = [t for t in filters.tags if t != tag]
                chips.append({"group": _("Subject"), "label": tag, "url": filters.url(tag=rest)})
    return chips


def attach_card_images(examples):
    """Give each example its first image for the card, loading all images in one go."""
    wanted = {}
    for example in examples:
        example.card_image = None
        example.card_image_alt = ""
        for block in example.images.raw_data:
            value = block.get("value") or {}
            if block.get("type") == "image" and isinstance(value, dict) and value.get("image"):
                wanted[example.pk] = value["image"]
                example.card_image_alt = "" if value.get("decorative") else value.get("alt_text")
                break
    if not wanted:
        return
    images = get_image_model().objects.filter(pk__in=set(wanted.values()))
    images = {image.pk: image for image in images.prefetch_renditions(CARD_RENDITION)}
    for example in examples:
        example.card_image = images.get(wanted.get(example.pk))


def build_listing(index, request):
    filters = read_filters(request.GET)
    locale = index.locale
    base = index.examples()
    ordering = ["-first_published_at", "-pk"]
    if filters.q:
        ids = search_ids(base, filters.q, {locale.pk, Locale.get_default().pk})
        base = base.filter(pk__in=ids)
        ordering = [
            Case(
                *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)],
                default=Value(len(ids)),
                output_field=IntegerField(),
            ),
            "-pk",
        ]
    results = apply_filters(base, filters).order_by(*ordering)
    paginator = Paginator(results, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    examples = list(
        page.object_list.select_related("locale").prefetch_related(
            "institutions", "tagged_items__tag"
        )
    )
    attach_card_images(examples)
    groups = facet_groups(base, filters)
    page_params = filters.params()
    return {
        "filters": filters,
        "examples": examples,
        "page": page,
        "paginator": paginator,
        "total": paginator.count,
        "facets": groups,
        "chips": active_chips(filters, groups),
        "page_query": urlencode(page_params, doseq=True),
        "search_hidden": [
            (key, value)
            for key, values in filters.params(q="").items()
            for value in (values if isinstance(values, list) else [values])
        ],
    }
