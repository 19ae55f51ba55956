from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User, timezone_names, validate_language, validate_timezone


class ProfileForm(forms.ModelForm):
    timezone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        validators=[validate_timezone],
        help_text=_("Times on the site are shown in this zone, for example Europe/Oslo."),
        widget=forms.TextInput(attrs={"list": "timezone-names", "autocomplete": "off"}),
    )
    language = forms.CharField(
        label=_("Language"),
        validators=[validate_language],
        widget=forms.Select(choices=settings.LANGUAGES),
    )

    class Meta:
        model = User
        fields = ["display_name", "timezone", "language"]
        labels = {"display_name": _("Display name")}
        help_texts = {"display_name": _("How other participants see you.")}

    def clean_display_name(self):
        return self.cleaned_data["display_name"].strip()

    timezone_names = staticmethod(timezone_names)
