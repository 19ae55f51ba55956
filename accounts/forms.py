from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import User, timezone_names, validate_language, validate_timezone

# Fields of our user model that Wagtail's user forms do not know about.
PLATFORM_USER_FIELDS = {"display_name", "institution", "timezone", "language"}


def timezone_choices():
    return [(name, name) for name in timezone_names()]


def timezone_field(help_text):
    """An IANA zone typed with the page's list of names (`timezone-names`) to pick from."""
    return forms.CharField(
        label=_("Time zone"),
        max_length=64,
        validators=[validate_timezone],
        help_text=help_text,
        widget=forms.TextInput(attrs={"list": "timezone-names", "autocomplete": "off"}),
    )


class ProfileForm(forms.ModelForm):
    timezone = timezone_field(
        _("Times on the site are shown in this zone, for example Europe/Oslo.")
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


class VisitorZoneForm(forms.Form):
    """The time zone a visitor who is not signed in sees times in (kept in a cookie)."""

    timezone = timezone_field(
        _("An IANA name such as Europe/Oslo. Type part of a name to search the list.")
    )


class EmailChangeForm(forms.Form):
    """A new e-mail address for `user`, given with their current password."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("A link to set a new password is sent here if you forget yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        kwargs.setdefault("initial", {"email": user.email})
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        # One account per address: a password reset link must reach one person only.
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise ValidationError(
                _("Another account already uses this address."), code="email_taken"
            )
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                _("That is not your current password. Please enter it again."),
                code="password_incorrect",
            )
        return password

    def save(self):
        self.user.email = self.cleaned_data["email"]
        self.user.save(update_fields=["email"])
        return self.user


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, as one of several on the profile page: it takes no focus of its own and
    names the current password as the e-mail form does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["old_password"].label = _("Current password")


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's password reset form, writing each e-mail in its recipient's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")

    def save(self, **kwargs):
        """Send the links on the public base URL (`WAGTAILADMIN_BASE_URL`), as every e-mail does.

        Not on the host the request named, which a visitor chooses.
        """
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        kwargs.update(domain_override=base.netloc, use_https=base.scheme == "https")
        return super().save(**kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(context["user"].language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


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
