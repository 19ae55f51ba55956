"""A call allocated by draw gets its secret seed when it is created (`allocation.ensure_draw`)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .allocation import ensure_draw
from .choices import Allocation
from .models import CallIndexPage, CallPage
from .permission_testers import ensure_index_rights


@receiver(post_save, sender=CallPage, dispatch_uid="funding-call-draw-seed")
def choose_seed(sender, instance, raw=False, **kwargs):
    if raw or instance.allocation != Allocation.DRAW:
        return
    ensure_draw(instance)


@receiver(post_save, sender=CallIndexPage, dispatch_uid="funding-call-index-rights")
def set_up_call_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_index_rights(instance)
