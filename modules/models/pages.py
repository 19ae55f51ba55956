import secrets

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts.models import Sector

from .blocks import ModuleBodyBlock


class Mode(models.TextChoices):
    COIL = "coil", _("COIL")
    VIRTUAL_EXCHANGE = "virtual_exchange", _("Virtual exchange")
    BIP = "bip", _("Blended intensive programme")
    GUEST_LECTURE = "guest_lecture", _("Guest lecture")


class EnrolmentState(models.TextChoices):
    CLOSED = "closed", _("Closed")
    OPEN = "open", _("Open for enrolment")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")


def new_invitation_code():
    return secrets.token_urlsafe(9)


class WorkingLanguage(models.Model):
    """A language teaching happens in (ISO 639-1 code), chosen per module."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("working language")
        verbose_name_plural = _("working languages")

    def __str__(self):
        return self.name


class ModuleIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["modules.CourseModulePage"]

    class Meta:
        verbose_name = _("module index")


class CourseModuleTag(TaggedItemBase):
    content_object = ParentalKey(
        "modules.CourseModulePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CourseModulePage(Page):
    summary = models.TextField(_("summary"))
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.COIL)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    tags = ClusterTaggableManager(
        verbose_name=_("subject tags"), through=CourseModuleTag, blank=True
    )
    working_languages = ParentalManyToManyField(
        WorkingLanguage, verbose_name=_("working languages"), related_name="modules", blank=True
    )
    learning_outcomes = models.TextField(
        _("learning outcomes"), blank=True, help_text=_("One outcome per line.")
    )
    credits = models.DecimalField(
        _("credits (ECTS)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    physical_start = models.DateField(
        _("physical part starts"),
        null=True,
        blank=True,
        help_text=_("Blended intensive programmes: first day of the physical part."),
    )
    physical_end = models.DateField(_("physical part ends"), null=True, blank=True)
    partners = ParentalManyToManyField(
        "accounts.Institution", verbose_name=_("partner institutions"), related_name="modules"
    )
    enrolment_state = models.CharField(
        _("enrolment"),
        max_length=12,
        choices=EnrolmentState.choices,
        default=EnrolmentState.CLOSED,
    )
    invitation_code = models.CharField(
        _("invitation code"), max_length=32, default=new_invitation_code, db_index=True
    )
    body = StreamField(ModuleBodyBlock(), verbose_name=_("activities"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("mode"), FieldPanel("sector")]),
        FieldPanel("tags"),
        FieldPanel("working_languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("learning_outcomes"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("physical_start"), FieldPanel("physical_end")]),
                FieldPanel("credits"),
            ],
            heading=_("Dates and credits"),
        ),
        FieldPanel("partners"),
        InlinePanel("teachers", heading=_("Teachers"), label=_("Teacher"), min_num=1),
        InlinePanel("sessions", heading=_("Sessions"), label=_("Session")),
        FieldPanel("body"),
    ]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel(
            [FieldPanel("enrolment_state"), FieldPanel("invitation_code")],
            heading=_("Enrolment"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.SearchField("body"),
        index.FilterField("mode"),
        index.FilterField("sector"),
        index.FilterField("enrolment_state"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["modules.ModuleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")

    def original(self):
        """The first-created page among this module's translations.

        A module translated into several languages is still one module: enrolment,
        groups, spaces and co-author rights belong to this page.
        """
        return (
            CourseModulePage.objects.filter(translation_key=self.translation_key)
            .order_by("pk")
            .first()
        )

    @property
    def outcome_list(self):
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


class ModuleTeacher(Orderable):
    page = ParentalKey(CourseModulePage, related_name="teachers", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="module_teaching",
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_lead = models.BooleanField(_("lead teacher"), default=False)

    panels = [FieldPanel("user"), FieldPanel("institution"), FieldPanel("is_lead")]

    class Meta(Orderable.Meta):
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")

    def __str__(self):
        return f"{self.user} ({self.institution})"


class SessionKind(models.TextChoices):
    SYNCHRONOUS = "synchronous", _("Synchronous")
    ASYNCHRONOUS = "asynchronous", _("Asynchronous")


class ModuleSession(Orderable):
    page = ParentalKey(CourseModulePage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=SessionKind.choices, default=SessionKind.SYNCHRONOUS
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    online_link = models.URLField(_("online link"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("online_link"),
        FieldPanel("place"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title
