"""The tips and images of a good-practice example."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class TipsBlock(blocks.StreamBlock):
    tip = blocks.TextBlock(label=_("Tip"), max_length=600)


class ImagesBlock(blocks.StreamBlock):
    image = ImageBlock(label=_("Image"))
