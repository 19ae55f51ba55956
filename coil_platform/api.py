"""Wagtail's read-only API at /api/v2/: pages, and the images those pages show."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex


class ShownImagesAPIViewSet(ImagesAPIViewSet):
    """Only the images used on pages that the pages API shows the same visitor.

    Those are the live pages without a view restriction the request does not pass, on the
    requested site. Wagtail's reference index records which images the published content
    of each page uses (image fields, image blocks and images in rich text); an image that
    was uploaded but is used nowhere, or only in drafts, is not listed and answers 404.
    """

    def get_queryset(self):
        pages = get_public_pages_queryset(self.request)
        used = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=pages.values_list(Cast("pk", output_field=CharField()), flat=True),
            to_content_type=ContentType.objects.get_for_model(self.model),
        ).values_list("to_object_id", flat=True)
        return (
            super()
            .get_queryset()
            .alias(pk_text=Cast("pk", output_field=CharField()))
            .filter(pk_text__in=used)
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ShownImagesAPIViewSet)
