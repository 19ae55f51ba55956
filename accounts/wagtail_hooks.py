from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Institution


class InstitutionColumns:
    """The chooser lists each institution with its country, so that namesakes can be told apart."""

    @property
    def columns(self):
        return [
            *super().columns,
            Column("country", label=_("Country"), accessor=lambda i: i.country.name),
            Column("city", label=_("City")),
        ]


class InstitutionChooseView(InstitutionColumns, ChooseView):
    pass


class InstitutionChooseResultsView(InstitutionColumns, ChooseResultsView):
    pass


class InstitutionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = InstitutionChooseView
    choose_results_view_class = InstitutionChooseResultsView


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "site"
    menu_label = _("Institutions")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "short_name", "country", "city", "kind", "sector"]
    list_filter = ["country", "kind", "sector"]
    search_fields = ["name", "short_name", "city"]
    chooser_viewset_class = InstitutionChooserViewSet


register_snippet(InstitutionViewSet)
