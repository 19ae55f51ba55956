"""The module index and the course module page (`docs/modules.md`)."""

import secrets

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from accounts.models import Sector
from home.originals import OriginalMixin, pages_to_show

from ..blocks import ModuleBodyBlock
from ..choices import EnrolmentState, Mode, SessionKind
from ..forms import CourseModulePageForm
from ..ics import module_calendar
from ..listing import module_listing
from ..panels import ModuleStatusPanel
from ..permission_testers import ModuleIndexPermissionTester, ModulePermissionTester
from ..presentation import module_page_context
from ..serializers import (
    InstitutionSerializer,
    ModuleSessionSerializer,
    ModuleTeacherSerializer,
    WorkingLanguageSerializer,
)
from ..widgets import FilteredCheckboxSelectMultiple
from .approval import PartnerApprovalTask
from .roster import draft_lists
from .teachers import ModuleTeacher


def new_invitation_code():
    return secrets.token_urlsafe(9)


# Django's names of languages, marked for its own catalogues ("Dutch" -> "nederlandsk").
DJANGO_LANGUAGE_NAMES = dict(global_settings.LANGUAGES)


class WorkingLanguage(models.Model):
    """A language teaching happens in (ISO 639-1 code), chosen per module."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("working language")
        verbose_name_plural = _("working languages")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The language's name in the language of the page being shown, where Django knows it.

        Django's list of languages has the names its catalogues translate ("Norwegian Bokmål";
        its language info spells some without their letters, "Norwegian Bokmal").
        """
        name = DJANGO_LANGUAGE_NAMES.get(self.code)
        return gettext(name) if name else self.name


class ModuleIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["modules.CourseModulePage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("module index")

    def permissions_for_user(self, user):
        return ModuleIndexPermissionTester(user, self)

    def listed_modules(self):
        """The modules the index lists: its live, public children."""
        return CourseModulePage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(module_listing(self, request))
        user = request.user
        if user.is_authenticated and self.permissions_for_user(user).can_add_subpage():
            context["add_module_url"] = reverse(
                "wagtailadmin_pages:add", args=("modules", "coursemodulepage", self.pk)
            )
        return context


class CourseModuleTag(TaggedItemBase):
    content_object = ParentalKey(
        "modules.CourseModulePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CourseModuleQuerySet(PageQuerySet):
    def working_languages(self):
        """The working languages of these modules."""
        return WorkingLanguage.objects.filter(modules__in=self).distinct()


class CourseModulePage(OriginalMixin, RoutablePageMixin, Page):
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

    objects = PageManager.from_queryset(CourseModuleQuerySet)()

    content_panels = [
        ModuleStatusPanel(),
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
        FieldPanel("body"),
    ]
    partner_panels = [
        FieldPanel(
            "partners",
            widget=FilteredCheckboxSelectMultiple,
            help_text=_("At least two institutions from at least two countries."),
        ),
        InlinePanel(
            "teachers",
            heading=_("Teachers"),
            label=_("Teacher"),
            min_num=1,
            help_text=_(
                "Everyone listed here may edit this module. Each partner needs at least one "
                "lead teacher; the leads of every partner approve a version before it is "
                "published."
            ),
        ),
    ]
    session_panels = [
        InlinePanel(
            "sessions",
            heading=_("Sessions"),
            label=_("Session"),
            help_text=_(
                "Times are in the time zone of your editor account (Account → Preferences) "
                "and are stored in UTC; visitors see them in their own time zone."
            ),
        ),
    ]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel(
            [FieldPanel("enrolment_state"), FieldPanel("invitation_code")],
            heading=_("Enrolment"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(partner_panels, heading=_("Partners and teachers")),
            ObjectList(session_panels, heading=_("Sessions")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings")),
        ]
    )
    base_form_class = CourseModulePageForm

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
    api_fields = [
        APIField("summary"),
        APIField("mode"),
        APIField("sector"),
        APIField("tags"),
        APIField("working_languages", serializer=WorkingLanguageSerializer(many=True)),
        APIField("learning_outcomes", serializer=serializers.ListField(source="outcome_list")),
        APIField("credits"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("physical_start"),
        APIField("physical_end"),
        APIField("partners", serializer=InstitutionSerializer(many=True)),
        APIField("teachers", serializer=ModuleTeacherSerializer(many=True)),
        APIField("sessions", serializer=ModuleSessionSerializer(many=True)),
        APIField("enrolment_state"),
        APIField("body"),
    ]
    parent_page_types = ["modules.ModuleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The module cannot end before it starts.")
        if bool(self.physical_start) != bool(self.physical_end):
            field = "physical_end" if self.physical_start else "physical_start"
            errors[field] = _("Give both the first and the last day of the physical part.")
        elif self.physical_start and self.physical_end:
            if self.physical_end < self.physical_start:
                errors["physical_end"] = _("The physical part cannot end before it starts.")
            elif (
                self.start_date
                and self.end_date
                and not (
                    self.start_date <= self.physical_start and self.physical_end <= self.end_date
                )
            ):
                errors["physical_start"] = _(
                    "The physical part must lie within the module’s dates."
                )
        if errors:
            raise ValidationError(errors)

    def permissions_for_user(self, user):
        return ModulePermissionTester(user, self)

    def get_admin_display_title(self):
        # Admin listings show modules to people who may not edit them: a published module
        # is listed under its published title, not under an unpublished draft's. The editor
        # works on the newest draft, whose own title it shows.
        if self.live and self.title:
            return self.title
        return super().get_admin_display_title()

    def is_teacher(self, user):
        """Whether `user` is listed as a teacher on this module's original page (one query)."""
        return ModuleTeacher.objects.teaches(user, self)

    def added_in_draft(self, user):
        """Whether `user` is listed in the newest draft of this module but not published."""
        if not getattr(user, "is_authenticated", False):
            return False
        original = self.original() or self
        _partners, draft_teachers = draft_lists(original)
        if user.pk not in {u for u, _i, _l in draft_teachers}:
            return False
        published = original.first_published_at is not None
        return not (
            published
            and ModuleTeacher.objects.filter(page_id=original.pk, user_id=user.pk).exists()
        )

    def partner_approval_state(self):
        """The task state of the partner approval this module is in now, or None.

        Also while the module waits for changes that a partner asked for (the workflow is
        then paused on this task).
        """
        workflow_state = self.current_workflow_state if self.pk else None
        task_state = workflow_state.current_task_state if workflow_state else None
        if task_state is None or not isinstance(task_state.task.specific, PartnerApprovalTask):
            return None
        return task_state.specific

    @property
    def outcome_list(self):
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]

    @property
    def calendar_url(self):
        url = self.url
        return f"{url}calendar.ics" if url else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(module_page_context(self, request))
        return context

    @path("calendar.ics/", name="calendar")
    def calendar(self, request):
        """The module's sessions as an RFC 5545 calendar (served at <module URL>calendar.ics)."""
        body = module_calendar(self, request)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self.slug}.ics"'
        # Participants get the online links, so the answer differs per person.
        response["Cache-Control"] = "private, max-age=300"
        response["Vary"] = "Cookie"
        return response


def module_entries(originals, request, entry):
    """({original id: entry}, shown pages) for many module originals, in two queries.

    `entry` is called with the original, the title and URL of the page the reader sees (the
    live page in their language, or none for a draft) and the partners by name.
    """
    shown_pages = pages_to_show(CourseModulePage, originals)
    partners = partners_by_module([module.pk for module in originals])
    entries = {}
    for module in originals:
        shown = shown_pages[module.pk]
        entries[module.pk] = entry(
            module=module,
            title=shown.title if shown else module.draft_title,
            url=shown.get_url(request) if shown else None,
            partners=partners[module.pk],
        )
    return entries, shown_pages


def partners_by_module(module_ids):
    """{module page id: its partner institutions, by name} for many modules (one query)."""
    partners = {pk: [] for pk in module_ids}
    links = CourseModulePage.partners.through.objects.filter(
        coursemodulepage_id__in=list(partners)
    ).select_related("institution")
    for link in sorted(links, key=lambda link: link.institution.name.casefold()):
        partners[link.coursemodulepage_id].append(link.institution)
    return partners


class ModuleSession(Orderable):
    page = ParentalKey(CourseModulePage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=SessionKind.choices, default=SessionKind.SYNCHRONOUS
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    online_link = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to the module’s teachers and enrolled students."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("online_link"), FieldPanel("place")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
