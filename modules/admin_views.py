"""Admin views of the course modules app."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .coauthors import added_in_draft, decline_coauthorship
from .models import CourseModulePage


class DeclineCoauthorshipView(WagtailAdminTemplateMixin, TemplateView):
    """A teacher added in a draft takes themselves off that draft's teachers."""

    template_name = "modules/admin/decline_coauthorship.html"
    page_title = gettext_lazy("Decline co-authorship")
    header_icon = "cross"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(CourseModulePage, pk=page_id)
        if not added_in_draft(self.page, request.user):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_header_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)

    def post(self, request, page_id):
        decline_coauthorship(self.page, request.user)
        messages.success(
            request,
            _("You are no longer listed as a teacher of “%(title)s”.")
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_home")
