import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .fields import NameField


@cache
def timezone_names():
    """Every IANA time zone name this machine knows, sorted."""
    return sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


@cache
def _timezone_name_set():
    return frozenset(timezone_names())


def known_zone(name):
    """The zone of an IANA name this machine knows, or None for anything else."""
    if isinstance(name, str) and name in _timezone_name_set():
        return zoneinfo.ZoneInfo(name)
    return None


def validate_timezone(value):
    if known_zone(value) is None:
        raise ValidationError(
            _("“%(value)s” is not a time zone. Use an IANA name such as Europe/Oslo."),
            code="invalid_timezone",
            params={"value": value},
        )


def validate_language(value):
    if value not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("“%(value)s” is not a language of this site. Choose one of: %(choices)s."),
            code="invalid_language",
            params={"value": value, "choices": ", ".join(dict(settings.LANGUAGES))},
        )


class Sector(models.TextChoices):
    EARLY_CHILDHOOD = "early_childhood", _("Early childhood")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    VOCATIONAL = "vocational", _("Vocational")
    ADULT = "adult", _("Adult education")
    HIGHER = "higher", _("Higher education")


class OrganisationKind(models.TextChoices):
    """What kind of organisation an institution is, apart from the sector it teaches in:
    calls and programmes are open to kinds ("the applicant must be a Norwegian municipality")."""

    KINDERGARTEN = "kindergarten", _("Kindergarten")
    SCHOOL = "school", _("Primary or lower-secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper-secondary school")
    VOCATIONAL = "vocational", _("Vocational school or folk high school")
    ADULT_EDUCATION = "adult_education", _("Adult education")
    UNIVERSITY = "university", _("University or university college")
    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY = "county", _("County authority")
    NATIONAL_AGENCY = "national_agency", _("National agency")
    LIBRARY_MUSEUM = "library_museum", _("Library or museum")
    NGO = "ngo", _("NGO or association")
    COMPANY = "company", _("Company")


class Institution(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    kind = models.CharField(
        _("kind of organisation"),
        max_length=20,
        choices=OrganisationKind.choices,
        help_text=_("Calls and programmes are open to kinds of organisation."),
    )
    website = models.URLField(_("website"), blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_timezone],
        help_text=_("IANA name, for example Europe/Oslo or Asia/Kolkata."),
    )
    description = models.TextField(_("description"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("country"),
        FieldPanel("city"),
        FieldPanel("kind"),
        FieldPanel("sector"),
        FieldPanel("website"),
        FieldPanel("timezone"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.SearchField("city"),
        # The country's name, so that the institution chooser finds "Norway" or "India".
        index.SearchField("country_name"),
        # The admin's institution chooser searches as one types.
        index.AutocompleteField("name"),
        index.AutocompleteField("short_name"),
        index.AutocompleteField("city"),
        index.AutocompleteField("country_name"),
        index.FilterField("country"),
        index.FilterField("sector"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    def country_name(self):
        """The country's English name and its code, for the search index."""
        if not self.country:
            return ""
        with translation.override("en"):
            return f"{self.country.code} {self.country.name}"


class User(AbstractUser):
    # Every name others may see refuses the characters that could disguise it (home.text).
    first_name = NameField(_("first name"), max_length=150, blank=True)
    last_name = NameField(_("last name"), max_length=150, blank=True)
    display_name = NameField(_("display name"), max_length=100, blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        validators=[validate_language],
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def name(self):
        """The name shown to other people."""
        return self.display_name or self.get_full_name() or self.username

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    def __str__(self):
        return self.name

    def get_full_name(self):
        """The display name where there is one: Wagtail's workflow messages and history use it."""
        return self.display_name or super().get_full_name()
