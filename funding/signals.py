"""A call with a draw (allocated by draw, or by review with a draw among tied ones) gets its
secret seed when it is created (`allocation.ensure_draw`); a call is indexed again for the
search when one of its applications changes."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.search.index import insert_or_update_object

from .allocation import ensure_draw
from .choices import Allocation, ApplicationState
from .models import Application, CallIndexPage, CallPage
from .permission_testers import ensure_index_rights


@receiver(post_save, sender=CallPage, dispatch_uid="funding-call-draw-seed")
def choose_seed(sender, instance, raw=False, **kwargs):
    if raw or instance.allocation == Allocation.REVIEW:  # a draw or a draw among tied ones
        return
    ensure_draw(instance)


# A call is found by its funded institutions' names (CallPage.funded_institution_names),
# which change with its applications' outcomes, not with its page: index the call again
# then. A draft or submitted application is never among them, so saving one while it is
# written costs no indexing.
@receiver(post_save, sender=Application, dispatch_uid="funding-call-funded-search")
def reindex_call(sender, instance, raw=False, **kwargs):
    if raw or instance.state in (ApplicationState.DRAFT, ApplicationState.SUBMITTED):
        return
    for page in CallPage.objects.filter(translation_key=instance.call.translation_key):
        insert_or_update_object(page)


@receiver(post_save, sender=CallIndexPage, dispatch_uid="funding-call-index-rights")
def set_up_call_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_index_rights(instance)
