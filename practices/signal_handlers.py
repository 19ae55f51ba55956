from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Institution

from .curation import ensure_curation
from .models import GoodPracticePage, PracticeIndexPage


@receiver(post_save, sender=PracticeIndexPage)
def set_up_curation(sender, instance, created, raw=False, **kwargs):
    # A new index (in any language) is curated like the others from the start.
    if created and not raw:
        ensure_curation(instance)


@receiver(post_save, sender=Institution)
def refresh_example_countries(sender, instance, raw=False, **kwargs):
    # An institution that moves country takes its examples' country facet along.
    if raw:
        return
    for page in GoodPracticePage.objects.filter(institutions=instance).prefetch_related(
        "institutions"
    ):
        countries = page.derive_countries()
        if [country.code for country in page.countries] != countries:
            GoodPracticePage.objects.filter(pk=page.pk).update(countries=countries)
