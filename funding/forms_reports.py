"""The final report's form: the call's report questions and the figures every report gives."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import AnswersForm
from .reports import FIGURES

MOST = 10**9


class ReportForm(AnswersForm):
    """A draft may leave anything empty; submitting asks for all (`reports.missing`)."""

    def __init__(self, *args, currency, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in reversed(FIGURES.items()):
            if name == "amount_spent":
                label = _("Amount spent (%(currency)s)") % {"currency": currency}
            field = forms.IntegerField(label=label, min_value=0, max_value=MOST, required=False)
            self.fields = {name: field, **self.fields}

    def figures(self):
        return {name: self.cleaned_data.get(name) for name in FIGURES}
