"""What the project's own admin views about one page share."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class OnePageAdminView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page about one page of `model`, for the people `allowed` lets in."""

    model = None

    def allowed(self, user):
        raise NotImplementedError

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(self.model, pk=page_id)
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_header_title()}]
