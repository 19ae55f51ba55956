from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, Task, TaskState
from wagtail.query import PageQuerySet
from wagtail.search import index

from accounts.models import Sector
from home.originals import OriginalMixin
from modules.choices import Mode

from .blocks import ImagesBlock, TipsBlock
from .feeds import LatestExamplesFeed
from .language import live_in_language
from .listing import build_listing
from .panels import ConsentStatusPanel
from .quality import QUALITY_CRITERIA, QUALITY_FIELDS, QUALITY_THRESHOLD, SCORE_CHOICES
from .serializers import CountryCodesField, InstitutionSerializer

CURATE_PERMISSION = "practices.curate_goodpracticepage"


class PracticeIndexPage(RoutablePageMixin, Page):
    """The listing of good-practice examples, with facets, search and an Atom feed."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.GoodPracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("good-practice index")

    def examples(self):
        """The examples listed here: live and public, in the index's language, or in the
        default language where they have not been translated."""
        return live_in_language(GoodPracticePage, self.locale)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = build_listing(self, request)
        context["feed_url"] = self.get_url(request) + self.reverse_subpage("feed")
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        return LatestExamplesFeed(self)(request)


class GoodPracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "practices.GoodPracticePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class GoodPracticePageQuerySet(PageQuerySet):
    def awaiting_consent_of(self, user):
        """Examples (in every language) on which this user's consent is still missing."""
        keys = ExampleConsent.objects.pending().filter(teacher=user).values("page__translation_key")
        return self.filter(translation_key__in=keys)

    def tag_counts(self):
        """The tags of these examples, with how many examples carry each, most used first."""
        return (
            GoodPracticeTag.objects.filter(content_object__in=self)
            .values("tag__slug", "tag__name")
            .annotate(n=Count("content_object", distinct=True))
            .order_by("-n", Lower("tag__name"))
        )


class GoodPracticePage(OriginalMixin, Page):
    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences: who did what together, and why.")
    )
    institutions = ParentalManyToManyField(
        "accounts.Institution",
        verbose_name=_("institutions involved"),
        related_name="good_practices",
        blank=True,
    )
    extra_countries = CountryField(
        _("other countries"),
        multiple=True,
        blank=True,
        help_text=_("Countries involved that none of the institutions above is in."),
    )
    # Derived on every save from the institutions and the other countries, so that the
    # listing can filter and count by country with plain queries on any database.
    countries = CountryField(_("countries"), multiple=True, blank=True, editable=False)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.COIL)
    tags = ClusterTaggableManager(
        verbose_name=_("subject tags"), through=GoodPracticeTag, blank=True
    )
    duration = models.CharField(
        _("duration"), max_length=100, blank=True, help_text=_("For example “six weeks”.")
    )
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    what_worked = RichTextField(
        _("what worked"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    tips = StreamField(TipsBlock(), verbose_name=_("tips"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    module = models.ForeignKey(
        "modules.CourseModulePage",
        verbose_name=_("course module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="good_practices",
        help_text=_("The module on this platform that the example comes from."),
    )
    # Set when the example was created from a completed module; every teacher of that
    # module must then consent before it is published (see practices/consent.py).
    source_module = models.ForeignKey(
        "modules.CourseModulePage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured = models.BooleanField(_("featured on the home page"), default=False, db_index=True)
    images = StreamField(ImagesBlock(), verbose_name=_("images"), blank=True)
    score_innovation = models.PositiveSmallIntegerField(
        QUALITY_CRITERIA[0][1], choices=SCORE_CHOICES, null=True, blank=True
    )
    score_curriculum = models.PositiveSmallIntegerField(
        QUALITY_CRITERIA[1][1], choices=SCORE_CHOICES, null=True, blank=True
    )
    score_collaboration = models.PositiveSmallIntegerField(
        QUALITY_CRITERIA[2][1], choices=SCORE_CHOICES, null=True, blank=True
    )
    score_technology = models.PositiveSmallIntegerField(
        QUALITY_CRITERIA[3][1], choices=SCORE_CHOICES, null=True, blank=True
    )
    score_impact = models.PositiveSmallIntegerField(
        QUALITY_CRITERIA[4][1], choices=SCORE_CHOICES, null=True, blank=True
    )

    objects = PageManager.from_queryset(GoodPracticePageQuerySet)()

    content_panels = [
        ConsentStatusPanel(),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("institutions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("extra_countries"),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("mode")]),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("duration"), FieldPanel("participants")]),
        FieldPanel("what_worked"),
        FieldPanel("tips"),
        FieldPanel("images"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")], heading=_("Contact")
        ),
        FieldPanel("module"),
    ]
    curation_panels = [
        HelpPanel(
            content=_(
                "Score each criterion from 0 to 3. An example meets the quality criteria "
                "when every score is 2 or more."
            )
        ),
        *[
            FieldPanel(name, help_text=help_text, permission=CURATE_PERMISSION)
            for name, _label, help_text in QUALITY_CRITERIA
        ],
        FieldPanel("featured", permission=CURATE_PERMISSION),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(curation_panels, heading=_("Curation"), permission=CURATE_PERMISSION),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_worked"),
        index.SearchField("tips"),
        index.SearchField("duration"),
        index.SearchField("search_keywords"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields(
            "institutions",
            [index.SearchField("name"), index.SearchField("short_name"), index.SearchField("city")],
        ),
        index.FilterField("sector"),
        index.FilterField("mode"),
        index.FilterField("featured"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("institutions", serializer=InstitutionSerializer(many=True)),
        APIField("countries", serializer=CountryCodesField()),
        APIField("sector"),
        APIField("mode"),
        APIField("tags"),
        APIField("duration"),
        APIField("participants"),
        APIField("what_worked"),
        APIField("tips"),
        APIField("images"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("module"),
        APIField("featured"),
        *[APIField(name) for name in QUALITY_FIELDS],
        APIField("meets_quality_criteria"),
    ]
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("good-practice example")
        verbose_name_plural = _("good-practice examples")
        permissions = [
            ("curate_goodpracticepage", _("Can score and feature good-practice examples")),
        ]

    def derive_countries(self):
        codes = {institution.country.code for institution in self.institutions.all()}
        codes.update(country.code for country in self.extra_countries)
        return sorted(code for code in codes if code)

    def search_keywords(self):
        """Country, sector and mode names in every site language, so "Tyskland" finds Germany."""
        words = set()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                words.update(str(country.name) for country in self.countries)
                words.add(str(self.get_sector_display()))
                words.add(str(self.get_mode_display()))
        return " ".join(sorted(words))

    def save(self, *args, **kwargs):
        self.countries = self.derive_countries()
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # The last line of defence: whatever path publishes the page (the editor's
        # Publish button, a workflow approval, a script), it must not go live while a
        # teacher of its source module has not consented. The admin catches this earlier
        # with a friendly message (wagtail_hooks.py).
        if self.live:
            message = self.consent_error()
            if message:
                raise ValidationError(message)

    def consents_asked(self):
        """Every consent asked for this example (in any of its languages), oldest first.

        Consents belong to the example as a whole: a translation needs the same consents as
        its original.
        """
        return ExampleConsent.objects.filter(page__translation_key=self.translation_key).order_by(
            "pk"
        )

    def consent_error(self):
        """A sentence explaining why the example may not be published yet, or None."""
        waiting = [
            c.teacher.name for c in self.consents_asked().pending().select_related("teacher")
        ]
        if not waiting:
            return None
        return gettext(
            "This example can be published only when every teacher of its course module has "
            "consented. Still waiting for: %(names)s."
        ) % {"names": get_text_list(waiting, gettext("and"))}

    @transaction.atomic
    def give_consent(self, user):
        """Record the user's consent; when it was the last one, move the review workflow on.

        Raises PermissionDenied when the user was not asked (or has already agreed).
        """
        pending = self.consents_asked().pending()
        updated = pending.filter(teacher=user).update(consented_at=timezone.now())
        if not updated:
            raise PermissionDenied(gettext("Your consent is not needed for this example."))
        if not pending.exists():
            page_ids = self.translations_and_self().values_list("pk", flat=True)
            waiting = TaskState.objects.filter(
                status=TaskState.STATUS_IN_PROGRESS,
                task__in=TeacherConsentTask.objects.all(),
                workflow_state__object_id__in=[str(pk) for pk in page_ids],
            )
            for task_state in waiting:
                task_state.approve(user=user)
        return updated

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Link to the module in the visitor's language when it has been translated.
        context["module"] = self.module.localized if self.module_id else None
        return context

    @property
    def quality_scores(self):
        """The rubric: (label, description, score or None) for each criterion."""
        return [
            (label, help_text, getattr(self, name)) for name, label, help_text in QUALITY_CRITERIA
        ]

    @property
    def is_scored(self):
        return all(getattr(self, name) is not None for name in QUALITY_FIELDS)

    @property
    def meets_quality_criteria(self):
        return all((getattr(self, name) or 0) >= QUALITY_THRESHOLD for name in QUALITY_FIELDS)


class ExampleConsentQuerySet(models.QuerySet):
    def pending(self):
        """The consents not given yet."""
        return self.filter(consented_at__isnull=True)


class ExampleConsent(models.Model):
    """A teacher of the source module agreeing that the example may be published."""

    page = models.ForeignKey(
        GoodPracticePage,
        verbose_name=_("example"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="good_practice_consents",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    consented_at = models.DateTimeField(_("consented"), null=True, blank=True)

    objects = ExampleConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "teacher"], name="one_consent_per_teacher")
        ]

    def __str__(self):
        return f"{self.teacher} – {self.page}"


class TeacherConsentTask(Task):
    """Workflow step that waits until every teacher of the source module has consented.

    Examples that were not made from a module need nobody's consent, and the step
    approves itself at once.
    """

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        page = workflow_state.content_object.specific
        if not page.consents_asked().pending().exists():
            # The workflow moves on to the next task as soon as this one is not in progress.
            task_state.approve(user=None, update=False)
        return task_state

    def get_actions(self, obj, user):
        if obj.specific.consents_asked().pending().filter(teacher=user).exists():
            return [("consent", _("Give consent"), False)]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "consent":
            page = task_state.workflow_state.content_object.specific
            page.give_consent(user)
            # The workflow action view redirects to the URL we return.
            return reverse("practices_admin:consent", args=[page.pk])
        return None

    def get_task_states_user_can_moderate(self, user, **kwargs):
        awaiting = GoodPracticePage.objects.awaiting_consent_of(user)
        page_ids = [str(pk) for pk in awaiting.values_list("pk", flat=True)]
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id__in=page_ids
        )

    @classmethod
    def get_description(cls):
        return _("Every teacher of the module the example comes from consents to publishing it")

    class Meta:
        verbose_name = _("teacher consent task")
        verbose_name_plural = _("teacher consent tasks")
