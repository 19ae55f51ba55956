from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import User, timezone_names, validate_language, validate_timezone

# Fields of our user model that Wagtail's user forms do not know about.
PLATFORM_USER_FIELDS = {"display_name", "institution", "timezone", "language"}


def timezone_choices():
    return [(name, name) for name in timezone_names()]


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

    timezone_names = staticmethod(timezone_names)


class PlatformUserFieldsMixin(forms.ModelForm):
    """The platform's user fields in the Wagtail admin's user forms."""

    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        initial="UTC",
        help_text=_("Times on the site are shown to this person in this zone."),
    )


class AdminUserCreationForm(PlatformUserFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | PLATFORM_USER_FIELDS


class AdminUserEditForm(PlatformUserFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | PLATFORM_USER_FIELDS
