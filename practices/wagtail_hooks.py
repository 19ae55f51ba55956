from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.userbar import BaseItem
from wagtail.admin.widgets import Button

from home.search import SearchKind
from modules.choices import EnrolmentState
from modules.models import CourseModulePage

from .from_module import existing_example
from .home_sections import featured_examples, latest_modules
from .models import GoodPracticePage
from .views import ConsentView, CreateFromModuleView


@hooks.register("site_search_kind")
def example_search_kind():
    return SearchKind("examples", gettext_lazy("Good-practice examples"), GoodPracticePage)


@hooks.register("register_admin_urls")
def register_practices_admin_urls():
    urls = [
        path("from-module/<int:module_id>/", CreateFromModuleView.as_view(), name="from_module"),
        path("examples/<int:page_id>/consent/", ConsentView.as_view(), name="consent"),
    ]
    return [path("practices/", include((urls, "practices_admin"), namespace="practices_admin"))]


def _module_action(page, user):
    """(label, url) of the good-practice action for a module's teacher, or None."""
    if page.specific_class is not CourseModulePage:
        return None
    module = page.specific_deferred
    original = module.original()
    if original is None or original.enrolment_state != EnrolmentState.COMPLETED:
        return None
    if not module.is_teacher(user):
        return None
    example = existing_example(module)
    if example is None:
        return (
            _("Create a good-practice example"),
            reverse("practices_admin:from_module", args=[module.pk]),
        )
    return _("Good-practice example"), reverse("practices_admin:consent", args=[example.pk])


@hooks.register("register_page_header_buttons")
def module_header_button(page, user, view_name, next_url=None):
    action = _module_action(page, user)
    if action:
        yield Button(action[0], action[1], icon_name="pick", priority=90)


@hooks.register("register_page_listing_more_buttons")
def module_listing_button(page, user, next_url=None):
    action = _module_action(page, user)
    if action:
        yield Button(action[0], action[1], icon_name="pick", priority=90)


class ModuleExampleUserbarItem(BaseItem):
    template_name = "practices/admin/userbar_item.html"

    def __init__(self, label, url):
        super().__init__()
        self.label = label
        self.url = url

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(label=self.label, url=self.url)
        return context


@hooks.register("construct_wagtail_userbar")
def module_userbar_item(request, items, page):
    # Teachers see the action on the public module page too, without template changes.
    if page is None or not getattr(page, "pk", None) or not request.user.is_authenticated:
        return
    action = _module_action(page, request.user)
    if action:
        items.append(ModuleExampleUserbarItem(*action))


class GoodPracticeDashboardPanel(Component):
    name = "good_practice"
    template_name = "practices/admin/dashboard_panel.html"
    order = 50

    def __init__(self, awaiting, completed):
        self.awaiting = awaiting
        self.completed = completed

    def get_context_data(self, parent_context):
        return {"awaiting": self.awaiting, "completed": self.completed}


@hooks.register("construct_homepage_panels")
def good_practice_panel(request, panels):
    user = request.user
    awaiting = list(GoodPracticePage.objects.awaiting_consent_of(user).order_by("pk"))
    modules = (
        CourseModulePage.objects.filter(
            teachers__user=user, enrolment_state=EnrolmentState.COMPLETED
        )
        .distinct()
        .order_by("-end_date")
    )
    completed = []
    for module in modules:
        if module.original().pk != module.pk:
            continue
        example = existing_example(module)
        completed.append({"module": module, "example": example})
    if awaiting or completed:
        panels.append(GoodPracticeDashboardPanel(awaiting, completed))


def _refuse_without_consent(request, page):
    message = page.specific.consent_error()
    if message:
        messages.error(request, message)
    return message


@hooks.register("before_publish_page")
def block_publishing_without_consent(request, page):
    # The page is saved as a draft already; tell the editor why it is not live.
    if isinstance(page.specific, GoodPracticePage) and _refuse_without_consent(request, page):
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def block_bulk_publishing_without_consent(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    for page in objects:
        if isinstance(page.specific, GoodPracticePage) and _refuse_without_consent(request, page):
            return redirect(action_class_instance.next_url or reverse("wagtailadmin_home"))
    return None


# The home page's sections, in this order (home.models.HomePage).
hooks.register("home_page_section", featured_examples)
hooks.register("home_page_section", latest_modules)
