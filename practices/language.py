"""Live pages in the visitor's language, falling back to the default language."""

from django.db.models import Q
from wagtail.models import Locale


def live_in_language(model, locale=None):
    """Live, public pages of `model` in `locale`.

    A page that has no version in `locale` (neither a translation nor an alias) is shown
    in the site's default language instead, so that nothing disappears from a listing
    just because nobody has translated it yet.
    """
    locale = locale or Locale.get_active()
    default = Locale.get_default()
    pages = model.objects.live().public()
    if locale.pk == default.pk:
        return pages.filter(locale=locale)
    in_locale = model.objects.live().filter(locale=locale).values("translation_key")
    return pages.filter(Q(locale=locale) | (Q(locale=default) & ~Q(translation_key__in=in_locale)))
