"""Home page sections: featured good-practice examples and the latest course modules.

Registered for the hook `home_page_section` in practices/wagtail_hooks.py. Both show pages
in the home page's language, falling back to the default language for pages nobody has
translated yet.
"""

from django.db.models import Count

from accounts.models import Sector
from modules.models import CourseModulePage, ModuleIndexPage

from .language import live_in_language
from .listing import attach_card_images
from .models import GoodPracticePage, PracticeIndexPage

FEATURED_COUNT = 3
LATEST_MODULES_COUNT = 3


def _index_in_language(model, locale):
    pages = live_in_language(model, locale)
    return pages.filter(locale=locale).first() or pages.first()


def featured_examples(page, request):
    locale = page.locale
    index = _index_in_language(PracticeIndexPage, locale)
    if index is None:
        return None
    examples = live_in_language(GoodPracticePage, locale)
    featured = list(
        examples.filter(featured=True)
        .order_by("-first_published_at", "-pk")
        .prefetch_related("tagged_items__tag")[:FEATURED_COUNT]
    )
    attach_card_images(featured)
    index_url = index.get_url(request)
    counts = dict(examples.order_by().values_list("sector").annotate(n=Count("pk")))
    sectors = [
        {"label": label, "count": counts[value], "url": f"{index_url}?sector={value}"}
        for value, label in Sector.choices
        if counts.get(value)
    ]
    if not featured and not sectors:
        return None
    return {
        "template": "practices/includes/featured_examples.html",
        "examples": featured,
        "index": index,
        "index_url": index_url,
        "sectors": sectors,
    }


def latest_modules(page, request):
    modules = list(
        live_in_language(CourseModulePage, page.locale)
        .order_by("-first_published_at", "-pk")
        .prefetch_related("partners")[:LATEST_MODULES_COUNT]
    )
    if not modules:
        return None
    index = _index_in_language(ModuleIndexPage, page.locale)
    return {
        "template": "practices/includes/latest_modules.html",
        "modules": modules,
        "index_url": index.get_url(request) if index else None,
    }
