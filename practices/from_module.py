"""Turning a completed course module into a draft good-practice example."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale

from modules.choices import EnrolmentState

from .consent import request_consents
from .models import GoodPracticePage, PracticeIndexPage


class CannotCreateExample(Exception):
    pass


def existing_example(module):
    """The example already made from this module (in any language), if there is one."""
    original = module.original()
    return (
        GoodPracticePage.objects.filter(source_module=original).order_by("pk").first()
        if original
        else None
    )


def _index_for(locale):
    indexes = PracticeIndexPage.objects.order_by("pk")
    return (
        indexes.filter(locale=locale).first() or indexes.filter(locale=Locale.get_default()).first()
    )


def _duration(module, language):
    if not (module.start_date and module.end_date):
        return ""
    weeks = max(1, round(((module.end_date - module.start_date).days + 1) / 7))
    with translation.override(language):
        return ngettext("%(weeks)d week", "%(weeks)d weeks", weeks) % {"weeks": weeks}


@transaction.atomic
def create_example_from_module(module, user):
    """Create a draft example from a completed module and ask its teachers for consent.

    Only what describes the module itself is copied: title, summary, partners (and so
    countries), sector, mode, subject tags, duration and a link back. Nothing from the
    module's people or discussions (student names, groups, messages) is read at all.
    """
    original = module.original()
    if original.enrolment_state != EnrolmentState.COMPLETED:
        raise CannotCreateExample(_("Only a completed module can become a good-practice example."))
    if existing_example(module) is not None:
        raise CannotCreateExample(_("An example has already been made from this module."))
    index = _index_for(module.locale)
    if index is None:
        raise CannotCreateExample(_("There is no good-practice index to add the example to yet."))

    example = GoodPracticePage(
        title=module.title,
        slug=find_available_slug(index, module.slug),
        summary=module.summary,
        sector=module.sector,
        mode=module.mode,
        duration=_duration(module, index.locale.language_code),
        module=module,
        source_module=original,
        contact_name=user.name,
        contact_email=user.email,
        owner=user,
        live=False,
        has_unpublished_changes=True,
    )
    example.institutions = list(module.partners.all())
    example.tags.set([tag.name for tag in module.tags.all()])
    index.add_child(instance=example)
    example.save_revision(user=user, log_action=True)
    request_consents(example, original, user)

    # Like pages made in the admin, the example gets an alias in the other language
    # trees until somebody translates it.
    if getattr(settings, "WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE", False):
        for locale in Locale.objects.exclude(pk=example.locale_id):
            if not example.has_translation(locale):
                example.copy_for_translation(locale, copy_parents=True, alias=True)
    return example
