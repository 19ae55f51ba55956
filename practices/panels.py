"""An admin panel telling editors and teachers whose consent an example still needs."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class ConsentStatusPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Teachers' consent"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "consent_status"

    class BoundPanel(Panel.BoundPanel):
        template_name = "practices/admin/consent_panel.html"

        def is_shown(self):
            return bool(self.instance.pk) and self.instance.consents_asked().exists()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            consents = list(self.instance.consents_asked().select_related("teacher"))
            context.update(
                consents=consents,
                waiting=[c.teacher.name for c in consents if c.consented_at is None],
                page=self.instance,
            )
            return context
