"""Admin views of the course modules app."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.admin_views import OnePageAdminView

from .coauthors import decline_coauthorship
from .models import CourseModulePage


class DeclineCoauthorshipView(OnePageAdminView):
    """A teacher added in a draft takes themselves off that draft's teachers."""

    template_name = "modules/admin/decline_coauthorship.html"
    page_title = gettext_lazy("Decline co-authorship")
    header_icon = "cross"
    model = CourseModulePage

    def allowed(self, user):
        return self.page.added_in_draft(user)

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
