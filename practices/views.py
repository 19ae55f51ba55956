"""Admin views: make an example from a completed module, and give consent to publish it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.admin_views import OnePageAdminView
from modules.choices import EnrolmentState
from modules.models import CourseModulePage

from .consent import may_see_consents
from .from_module import (
    CannotCreateExample,
    create_example_from_module,
    existing_example,
)
from .models import GoodPracticePage


class CreateFromModuleView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "practices/admin/create_from_module.html"
    page_title = gettext_lazy("Share a module as good practice")
    header_icon = "pick"

    def dispatch(self, request, module_id):
        self.module = get_object_or_404(CourseModulePage, pk=module_id).specific
        if not self.module.is_teacher(request.user):
            raise PermissionDenied
        example = existing_example(self.module)
        if example is not None:
            messages.info(request, _("An example has already been made from this module."))
            return redirect(self.next_url(example))
        return super().dispatch(request, module_id)

    def next_url(self, example):
        if example.permissions_for_user(self.request.user).can_edit():
            return reverse("wagtailadmin_pages:edit", args=[example.pk])
        return reverse("practices_admin:consent", args=[example.pk])

    def get_page_subtitle(self):
        return self.module.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_header_title()}]

    def get_context_data(self, **kwargs):
        original = self.module.original()
        return super().get_context_data(
            module=self.module,
            completed=original.enrolment_state == EnrolmentState.COMPLETED,
            partners=list(self.module.partners.all()),
            tags=list(self.module.tags.all()),
            teachers=list(original.teachers.select_related("user", "institution")),
            **kwargs,
        )

    def post(self, request, module_id):
        try:
            example = create_example_from_module(self.module, request.user)
        except CannotCreateExample as error:
            messages.error(request, str(error))
            return redirect("practices_admin:from_module", module_id=self.module.pk)
        messages.success(
            request,
            _(
                "A draft example was made from “%(title)s”. Complete it, then submit it for "
                "review; the other teachers of the module are asked for their consent."
            )
            % {"title": self.module.title},
        )
        return redirect(self.next_url(example))


class ConsentView(OnePageAdminView):
    template_name = "practices/admin/consent.html"
    page_title = gettext_lazy("Consent to publish")
    header_icon = "tick"
    model = GoodPracticePage

    def allowed(self, user):
        return may_see_consents(self.page, user)

    def get_context_data(self, **kwargs):
        consents = list(self.page.consents_asked().select_related("teacher__institution"))
        mine = next((c for c in consents if c.teacher_id == self.request.user.pk), None)
        return super().get_context_data(
            example=self.page.get_latest_revision_as_object(),
            live_example=self.page,
            consents=consents,
            my_consent=mine,
            waiting=sum(1 for c in consents if c.consented_at is None),
            can_edit=self.page.permissions_for_user(self.request.user).can_edit(),
            **kwargs,
        )

    def post(self, request, page_id):
        try:
            self.page.give_consent(request.user)
        except PermissionDenied:
            messages.error(request, _("Your consent is not needed for this example."))
        else:
            messages.success(request, _("Thank you: your consent is recorded."))
        return redirect("practices_admin:consent", page_id=self.page.pk)
