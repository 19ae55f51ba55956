"""The original of a translated page: the one answer to "which page is this module".

A module or an example translated into several languages is still one thing. Its
participants, teachers, consents and co-author rights belong to its *original*, the
first-created page among its translations (the lowest id with its translation key).
"""

from django.utils.translation import get_language, get_supported_language_variant


class OriginalMixin:
    """For page models whose translations share what belongs to the original."""

    def translations_and_self(self):
        """This page and its translations (and aliases), as pages of this model."""
        return type(self).objects.filter(translation_key=self.translation_key)

    def original_id_query(self):
        """A subquery of the original's id, for filters that should not cost a query."""
        return self.translations_and_self().order_by("pk").values("pk")[:1]

    def original(self):
        """The first-created page among this page's translations."""
        return self.translations_and_self().order_by("pk").first()


def pages_to_show(model, originals):
    """{original id: the page a reader sees} for many originals of `model` (one query).

    The live translation (or alias) in the active language, else the original if it is live,
    else None (a draft that has no public page).
    """
    originals = list(originals)
    try:
        language = get_supported_language_variant(get_language())
    except LookupError:
        found = model.objects.none()
    else:
        found = model.objects.live().filter(
            translation_key__in={original.translation_key for original in originals},
            locale__language_code=language,
        )
    by_key = {page.translation_key: page for page in found.defer("body")}
    return {
        original.pk: by_key.get(original.translation_key) or (original if original.live else None)
        for original in originals
    }
