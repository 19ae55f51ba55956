"""A call with a draw (allocated by draw, or by review with a draw among tied ones) gets its
secret seed when it is created (`allocation.ensure_draw`)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .allocation import ensure_draw
from .choices import Allocation
from .models import CallPage


@receiver(post_save, sender=CallPage, dispatch_uid="funding-call-draw-seed")
def choose_seed(sender, instance, raw=False, **kwargs):
    if raw or instance.allocation == Allocation.REVIEW:  # a draw or a draw among tied ones
        return
    ensure_draw(instance)
