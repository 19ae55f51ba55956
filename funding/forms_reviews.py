"""The managers' form to assign a reviewer and the reviewer's score form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AssignForm(forms.Form):
    reviewer = forms.CharField(
        label=_("Reviewer's username or e-mail address"),
        max_length=254,
        help_text=_("A person of the Reviewers group."),
    )


class ScoreForm(forms.Form):
    """One whole number per criterion of the call, from 0 to its maximum, and a comment."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[criterion.id] = forms.IntegerField(
                label=criterion.name,
                help_text=_("%(description)s From 0 to %(maximum)s.")
                % {"description": criterion.description, "maximum": criterion.maximum}
                if criterion.description
                else _("From 0 to %(maximum)s.") % {"maximum": criterion.maximum},
                min_value=0,
                max_value=criterion.maximum,
                error_messages={
                    "min_value": _("The score is from 0 to %(maximum)s.")
                    % {"maximum": criterion.maximum},
                    "max_value": _("The score is from 0 to %(maximum)s.")
                    % {"maximum": criterion.maximum},
                    "invalid": _("Give a whole number."),
                },
            )
        self.order_fields([*(criterion.id for criterion in criteria), "comment"])

    def scores(self):
        return {criterion.id: self.cleaned_data[criterion.id] for criterion in self.criteria}
