"""The call page's admin form, and the applicant's forms (answers, project-group members)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from accounts.models import OrganisationKind


class CallPageForm(WagtailAdminPageForm):
    # Stored as a JSON list of kinds; a checkbox per kind in the admin.
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Kinds of organisation that may apply"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every kind may apply."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "funder" in self.fields and user is not None and not user.is_superuser:
            # A call belongs to its funder: others than superusers make calls of their own,
            # chosen from a list of one rather than from every institution's.
            funder = self.fields["funder"]
            funder.widget = forms.Select()
            funder.queryset = funder.queryset.filter(pk=user.institution_id)
            if self.instance.pk is None:
                self.initial["funder"] = user.institution_id

    def clean(self):
        cleaned = super().clean()
        opens_at, deadline = cleaned.get("opens_at"), cleaned.get("deadline")
        # Calls are announced to the minute; a stray second would make "on time" surprising.
        for name in ("opens_at", "deadline"):
            if cleaned.get(name):
                cleaned[name] = cleaned[name].replace(second=0, microsecond=0)
        if opens_at and deadline and deadline <= opens_at:
            self.add_error("deadline", _("The deadline must come after the opening time."))
        if not cleaned.get("places") and not cleaned.get("total_budget"):
            self.add_error("places", _("Give the number of places or the total budget."))
        return cleaned


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.CharField(label=_("Role"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    category = forms.ChoiceField(label=_("Category"))

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.id, c.name) for c in categories]


class AnswersForm(forms.Form):
    """One field per question of the call; a draft may leave any of them empty."""

    def __init__(self, *args, questions, files_given, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = answer_field(question, has_file=question.id in files_given)
            field.required = False  # completeness is a formal check, not a form error
            self.fields[question.id] = field

    def answers(self):
        """The answers to store, keyed by question id (files are stored apart)."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.id)
            if question.kind != "file" and value not in (None, ""):
                # Numbers are kept as their decimal text: JSON has no exact decimals.
                answers[question.id] = str(value) if question.kind == "number" else value
        return answers


def answer_field(question, *, has_file):
    label, help_text = question.label, question.help_text
    if question.kind == "long_text":
        return forms.CharField(label=label, help_text=help_text, widget=forms.Textarea)
    if question.kind == "number":
        return forms.DecimalField(label=label, help_text=help_text, max_digits=14)
    if question.kind == "choice":
        choices = [("", "—"), *((c, c) for c in question.choices)]
        return forms.ChoiceField(label=label, help_text=help_text, choices=choices)
    if question.kind == "file":
        return forms.FileField(
            label=label,
            help_text=_("A file is attached; a new one replaces it.") if has_file else help_text,
            validators=[limit_file_size],
        )
    return forms.CharField(label=label, help_text=help_text, max_length=500)


MAX_FILE_BYTES = 10 * 1024 * 1024


def limit_file_size(upload):
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(_("A file may be at most 10 MB."), code="file_too_large")
