from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Institution


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "site"
    menu_label = _("Institutions")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "short_name", "country", "city", "sector"]
    list_filter = ["country", "sector"]
    search_fields = ["name", "short_name", "city"]


register_snippet(InstitutionViewSet)
