import uuid

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Institution, User
from modules.models import EnrolmentState

from .models import TOPIC_MAX_LENGTH
from .services import BODY_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: **bold**, *italic*, `code`, lists, > quotes and links."),
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=TOPIC_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"list": "topics", "autocomplete": "off"}),
        help_text=_("Leave empty for the general topic."),
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class JoinCodeForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=32)

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class SignupForm(UserCreationForm):
    """A student account created from a module's invitation link."""

    institution = forms.ModelChoiceField(
        label=_("Your institution"),
        queryset=Institution.objects.none(),
        empty_label=None,
        help_text=_("Only the module's partner institutions can be chosen."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["display_name", "username", "email", "institution"]
        labels = {"display_name": _("Your name"), "email": _("E-mail")}
        help_texts = {"display_name": _("How other participants see you.")}

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = partners
        self.fields["display_name"].required = True
        self.fields["email"].required = True


class GroupSizeForm(forms.Form):
    group_size = forms.IntegerField(
        label=_("Students per group"), min_value=2, max_value=50, initial=4
    )


class ParticipationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Enrolment"),
        required=False,
        choices=[("", _("All modules")), *EnrolmentState.choices],
    )
