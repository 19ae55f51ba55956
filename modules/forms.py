"""Forms of the course modules app: the admin page form and the public listing filters."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from accounts.models import Sector

from .choices import EnrolmentState, Mode


def _live_forms(formset):
    """The inline forms that will be saved: filled in, valid so far, not marked for deletion."""
    formset.is_valid()  # runs each form's own validation once
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if not getattr(form, "cleaned_data", None):
            continue
        yield form


def _with_country(institution):
    return f"{institution.name} ({institution.country.name})"


class CourseModulePageForm(WagtailAdminPageForm):
    """Checks that a module is one that partners can really run together."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "partners" in self.fields:
            self.fields["partners"].label_from_instance = _with_country
        if "invitation_code" in self.fields:
            # The code's default is a callable, so Django would compare it with a hidden
            # "initial" input the admin never renders and call every submission a change,
            # which would turn each approval into a new version needing new approvals.
            self.fields["invitation_code"].show_hidden_initial = False

    def clean(self):
        cleaned_data = super().clean()
        partners = list(cleaned_data.get("partners") or [])
        if "partners" in cleaned_data:
            self._check_partners(partners)
        if "teachers" in self.formsets:
            self._check_teachers(partners)
        if "sessions" in self.formsets:
            self._check_sessions(cleaned_data, partners)
        return cleaned_data

    def _check_partners(self, partners):
        if len(partners) < 2:
            self.add_error(
                "partners",
                _("Choose at least two partner institutions: a module is made together."),
            )
        elif len({str(p.country) for p in partners}) < 2:
            self.add_error(
                "partners",
                _(
                    "The partners must come from at least two countries; all chosen "
                    "institutions are in %(country)s."
                )
                % {"country": partners[0].country.name},
            )

    def _check_teachers(self, partners):
        partner_ids = {p.pk for p in partners}
        seen = set()
        leads = set()
        listed_users = set()
        for form in _live_forms(self.formsets["teachers"]):
            user = form.cleaned_data.get("user")
            if user is None:
                continue
            institution = form.cleaned_data.get("institution")
            if institution is None and user.institution is not None:
                # Left empty: the teacher's own institution, from their profile.
                institution = form.instance.institution = user.institution
                form.cleaned_data["institution"] = institution
            name = user.name
            listed_users.add(user.pk)
            if user.pk in seen:
                form.add_error("user", _("%(name)s is listed twice.") % {"name": name})
                continue
            seen.add(user.pk)
            if user.institution_id is None:
                form.add_error(
                    "user",
                    _(
                        "%(name)s has no institution in their profile; an administrator "
                        "must set it before they can be listed."
                    )
                    % {"name": name},
                )
            elif user.institution_id != institution.pk:
                form.add_error(
                    "institution",
                    _("%(name)s belongs to %(own)s, not %(other)s.")
                    % {"name": name, "own": user.institution, "other": institution},
                )
            elif institution.pk not in partner_ids:
                form.add_error(
                    "institution",
                    _(
                        "%(institution)s is not a partner of this module. Add it on this "
                        "tab under “Partner institutions” or choose another teacher."
                    )
                    % {"institution": institution},
                )
            elif form.cleaned_data.get("is_lead"):
                leads.add(institution.pk)
        missing = [p for p in partners if p.pk not in leads]
        if missing and "partners" not in self.errors:
            self.add_error(
                "partners",
                _(
                    "Every partner needs at least one lead teacher from its own staff. "
                    "Missing for: %(partners)s."
                )
                % {"partners": ", ".join(str(p) for p in missing)},
            )
        user = self.for_user
        if (
            self.instance.pk is None
            and user is not None
            and not user.is_superuser
            and user.pk not in listed_users
        ):
            self.add_error(
                None,
                _(
                    "List yourself under “Teachers” on the “Partners and teachers” tab; "
                    "only listed teachers may edit this module."
                ),
            )

    def _check_sessions(self, cleaned_data, partners):
        start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
        zones = [p.tzinfo for p in partners] or [None]
        for form in _live_forms(self.formsets["sessions"]):
            starts_at = form.cleaned_data.get("starts_at")
            ends_at = form.cleaned_data.get("ends_at")
            if not (starts_at and ends_at and start and end):
                continue
            # Module dates are calendar dates: a session fits when its local dates at some
            # partner fall within them, so a morning session in Kolkata that is still the
            # previous evening in Leuven is accepted.
            fits = any(
                start <= starts_at.astimezone(zone).date()
                and ends_at.astimezone(zone).date() <= end
                for zone in zones
            )
            if not fits:
                form.add_error(
                    "starts_at",
                    gettext(
                        "This session must take place within the module’s dates "
                        "(%(start)s to %(end)s)."
                    )
                    % {
                        "start": formats.date_format(start, "DATE_FORMAT"),
                        "end": formats.date_format(end, "DATE_FORMAT"),
                    },
                )


class ModuleFilterForm(forms.Form):
    """The filters of the public module index; every choice is optional."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    mode = forms.ChoiceField(label=_("Mode"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    language = forms.ChoiceField(label=_("Working language"), required=False)
    country = forms.ChoiceField(label=_("Partner country"), required=False)
    tag = forms.ChoiceField(label=_("Subject"), required=False)
    state = forms.ChoiceField(label=_("Enrolment"), required=False)

    def __init__(self, *args, languages=(), countries=(), tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        any_choice = [("", _("Any"))]
        self.fields["mode"].choices = any_choice + list(Mode.choices)
        self.fields["sector"].choices = any_choice + list(Sector.choices)
        # Names in the reader's language, read now (the form is made for each request).
        named = sorted((lang.display_name, lang.code) for lang in languages)
        self.fields["language"].choices = any_choice + [(code, name) for name, code in named]
        self.fields["country"].choices = any_choice + [(c.code, c.name) for c in countries]
        self.fields["tag"].choices = any_choice + [(tag.slug, tag.name) for tag in tags]
        self.fields["state"].choices = any_choice + list(EnrolmentState.choices)
