"""The original of a translated page: the one answer to "which page is this module".

A module or an example translated into several languages is still one thing. Its
participants, teachers, consents and co-author rights belong to its *original*, the
first-created page among its translations (the lowest id with its translation key).
"""


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


def live_in_active_language(model, pages):
    """{translation key: the live `model` page in the active language} for `pages` (one query).

    Pages without a live page in that language are left out; callers fall back to their own.
    """
    from django.utils.translation import get_language, get_supported_language_variant

    try:
        language = get_supported_language_variant(get_language())
    except LookupError:
        return {}
    found = model.objects.live().filter(
        translation_key__in={page.translation_key for page in pages},
        locale__language_code=language,
    )
    return {page.translation_key: page for page in found.defer("body")}
