from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Delivery
from .kinds import all_kinds
from .models import NotificationSettings


def _hour_label(hour):
    return f"{hour:02d}:00"


class NotificationSettingsForm(forms.ModelForm):
    """One delivery choice per kind of notification, and the hour of the daily digest."""

    digest_hour = forms.TypedChoiceField(
        label=_("Send the daily digest at"),
        coerce=int,
        choices=[(hour, _hour_label(hour)) for hour in range(24)],
    )

    class Meta:
        model = NotificationSettings
        fields = ["digest_hour"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.instance.deliveries
        for kind in all_kinds().values():
            self.fields[self.field_name(kind)] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=chosen.get(kind.name, kind.default_delivery),
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(kind):
        return f"kind_{kind.name}"

    def kind_fields(self):
        return [self[self.field_name(kind)] for kind in all_kinds().values()]

    def save(self, commit=True):
        self.instance.deliveries = {
            kind.name: self.cleaned_data[self.field_name(kind)] for kind in all_kinds().values()
        }
        return super().save(commit)
