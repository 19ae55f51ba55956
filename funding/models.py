"""Calls for funding (Wagtail pages) and the applications to them (plain models).

`docs/funding.md` describes them. A call's state is computed from its dates and what has
happened (`CallPage.state`); an application's formal checks from its contents (`checks.py`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.models import OrganisationKind
from home.originals import OriginalMixin
from modules.serializers import InstitutionSerializer

from .blocks import CompositionCategoryBlock, ContactBlock, QuestionsBlock, ReviewCriterionBlock
from .choices import Allocation, ApplicationState, CallState, Currency
from .forms import CallPageForm
from .permission_testers import CallIndexPermissionTester, CallPermissionTester


class CallIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["funding.CallPage"]

    class Meta:
        verbose_name = _("calls index")

    def permissions_for_user(self, user):
        return CallIndexPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["calls"] = CallPage.objects.live().public().child_of(self).select_related("funder")
        return context


@dataclass(frozen=True)
class Category:
    """A category of the project group with the least number of members it needs."""

    id: str
    name: str
    minimum: int
    description: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # the block type: short_text, long_text, number, choice, file
    label: str
    help_text: str
    required: bool
    choices: tuple


call_code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9]{1,11}$",
    _("Capital letters and digits, starting with a letter, 2 to 12 characters."),
)


class CallPage(RoutablePageMixin, OriginalMixin, Page):
    funder = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="funding_calls",
    )
    code = models.CharField(
        _("call code"),
        max_length=12,
        validators=[call_code_validator],
        help_text=_("Begins every application's reference, as in KOMM-2026-0001."),
    )
    summary = models.TextField(_("summary"))
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    body = RichTextField(_("about the call"), blank=True)
    eligible_kinds = models.JSONField(
        _("kinds of organisation that may apply"), default=list, blank=True
    )
    eligible_countries = CountryField(
        _("countries that may apply"),
        multiple=True,
        blank=True,
        help_text=_("None chosen: organisations of every country may apply."),
    )
    composition = StreamField(
        [("category", CompositionCategoryBlock())],
        verbose_name=_("required project group"),
        blank=True,
    )
    opens_at = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(
        _("deadline"), help_text=_("To the minute. Applications are accepted until then.")
    )
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    total_budget = models.DecimalField(
        _("total budget"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    allocation = models.CharField(_("allocation"), max_length=12, choices=Allocation.choices)
    grant_amount = models.DecimalField(
        _("fixed grant per application"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    grant_covers_travel = models.BooleanField(_("travel costs are covered"), default=False)
    supplement_cap = models.DecimalField(
        _("supplement up to"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    supplement_purpose = models.CharField(_("supplement for"), max_length=300, blank=True)
    acceptance_days = models.PositiveSmallIntegerField(
        _("days to accept a place"),
        default=14,
        help_text=_("An awarded applicant accepts or declines within this many days."),
    )
    obligations = RichTextField(_("obligations"), blank=True)
    activities_end = models.DateField(
        _("funded activities end"),
        null=True,
        blank=True,
        help_text=_("From then on the call is in its reporting phase."),
    )
    report_due = models.DateField(_("final report due"), null=True, blank=True)
    contacts = StreamField([("contact", ContactBlock())], verbose_name=_("contacts"), blank=True)
    questions = StreamField(QuestionsBlock(), verbose_name=_("questions"), blank=True)
    criteria = StreamField(
        [("criterion", ReviewCriterionBlock())],
        verbose_name=_("review criteria"),
        blank=True,
        help_text=_("For calls ranked by review scores: what each reviewer scores."),
    )
    report_questions = StreamField(
        QuestionsBlock(),
        verbose_name=_("final report questions"),
        blank=True,
        help_text=_(
            "Asked in every final report, besides the figures: pupils and students, teachers "
            "and staff, institutions taking part, and the amount spent."
        ),
    )
    # Set by the allocation (a draw or the review decisions), never in the page editor.
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)

    base_form_class = CallPageForm
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("funder"), FieldPanel("code")]),
        FieldPanel("programme"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("eligible_kinds"),
                FieldPanel("eligible_countries"),
                FieldPanel("composition"),
            ],
            heading=_("Who may apply"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("deadline")])],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("places"), FieldPanel("total_budget"), FieldPanel("currency")]
                ),
                FieldRowPanel([FieldPanel("allocation"), FieldPanel("acceptance_days")]),
                FieldRowPanel([FieldPanel("grant_amount"), FieldPanel("grant_covers_travel")]),
                FieldRowPanel([FieldPanel("supplement_cap"), FieldPanel("supplement_purpose")]),
            ],
            heading=_("Places and grant"),
        ),
        FieldPanel("obligations"),
        FieldRowPanel([FieldPanel("activities_end"), FieldPanel("report_due")]),
        FieldPanel("report_questions"),
        FieldPanel("contacts"),
        FieldPanel("questions"),
        FieldPanel("criteria"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        # The funded institutions' names, so that a search for one finds the call (funded.py).
        index.SearchField("funded_institution_names"),
    ]
    # The call in Wagtail's pages API with its funded projects (funding/funded.py).
    api_fields = [
        APIField("funder", serializer=InstitutionSerializer()),
        APIField("code"),
        APIField("state"),
        APIField("deadline"),
        APIField("places"),
        APIField("currency"),
        APIField("funded_projects"),
        APIField("funded_totals"),
    ]
    parent_page_types = ["funding.CallIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")

    def state_at(self, now):
        """The call's state at `now`, from its dates and whether it has been decided."""
        if now < self.opens_at:
            return CallState.UPCOMING
        if now <= self.deadline:
            return CallState.OPEN
        if self.decided_at is None:
            return CallState.CLOSED
        today = timezone.localdate(now, self.funder.tzinfo)
        if self.report_due and today > self.report_due:
            return CallState.FINISHED
        if self.activities_end and today > self.activities_end:
            return CallState.REPORTING
        return CallState.DECIDED

    @property
    def state(self):
        return self.state_at(timezone.now())

    def is_open_at(self, now):
        """Whether an application may be submitted at `now`: the deadline itself is on time."""
        return self.opens_at <= now <= self.deadline

    def categories(self):
        return [
            Category(
                id=block.id,
                name=block.value["name"],
                minimum=block.value["minimum"] or 0,
                description=block.value.get("description") or "",
            )
            for block in self.composition
        ]

    def question_list(self, stream=None):
        """The call's questions (or those of another stream of questions, `stream`)."""
        return [
            Question(
                id=block.id,
                kind=block.block_type,
                label=block.value["label"],
                help_text=block.value.get("help_text") or "",
                required=bool(block.value.get("required")),
                choices=tuple(block.value.get("choices") or ()),
            )
            for block in (self.questions if stream is None else stream)
        ]

    def report_question_list(self):
        return self.question_list(self.report_questions)

    def permissions_for_user(self, user):
        return CallPermissionTester(user, self)

    def managed_by(self, user):
        """Whether `user` manages this call: a superuser, or one who may edit its page (only
        people of its funder may: `permission_testers.py`)."""
        if not user.is_authenticated:
            return False
        return user.is_superuser or self.permissions_for_user(user).can_edit()

    def with_content_json(self, content):
        """A revision never brings back an older decision: `decided_at` stays the live one."""
        page = super().with_content_json(content)
        page.decided_at = self.decided_at
        return page

    # The draw of a call allocated by draw (funding/views_draw.py, docs/funding.md).
    @path("draw.json/", name="draw-json")  # served at <call URL>draw.json (urls.py)
    def draw_json(self, request):
        from .views_draw import draw_json  # noqa: PLC0415 - the views import these models

        return draw_json(request, self)

    @path("draw/", name="draw")
    def draw_page(self, request):
        from .views_draw import draw_page  # noqa: PLC0415 - the views import these models

        return draw_page(request, self)

    # The public list of funded projects (funding/funded.py, funding/views_funded.py).
    @path("funded/", name="funded")
    def funded_page(self, request):
        from .views_funded import call_funded  # noqa: PLC0415 - the views import these models

        return call_funded(request, self)

    def funded_institution_names(self):
        from .funded import funded_institution_names  # noqa: PLC0415 - it imports these models

        return funded_institution_names(self)

    @property
    def funded_projects(self):
        from .funded import api_projects  # noqa: PLC0415 - it imports these models

        return api_projects(self)

    @property
    def funded_totals(self):
        from .funded import api_totals  # noqa: PLC0415 - it imports these models

        return api_totals(self)

    def eligible_kind_labels(self):
        return [str(OrganisationKind(kind).label) for kind in self.eligible_kinds]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context.update(
            state=self.state_at(now),
            is_open=self.is_open_at(now),
            now=now,
            funder_zone=self.funder.tzinfo,
        )
        user = request.user
        original = self.original()
        if user.is_authenticated:
            context["own_application"] = (
                Application.objects.filter(call=original, institution=user.institution_id)
                .exclude(state=ApplicationState.WITHDRAWN)
                .first()
                if user.institution_id
                else None
            )
            context["manages"] = original.managed_by(user)
            context["manage_url"] = reverse("funding:call-applications", args=[original.pk])
        return context


class ReferenceCounter(models.Model):
    """The last number given for one "<CALL CODE>-<year>" prefix; locked while counting."""

    prefix = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last}"


class Application(models.Model):
    call = models.ForeignKey(
        CallPage, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="funding_applications",
    )
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    title = models.CharField(_("project title"), max_length=200, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # The formal checks as they were at submission: [{"key", "passed", "params"}].
    frozen_checks = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Set when a place is offered (`decisions.py`): accepted up to this instant, then lapsed.
    answer_by = models.DateTimeField(_("accept by"), null=True, blank=True, editable=False)
    # Set by the call's managers for a funded project (funding/funded.py): the amount given
    # when it differs from the call's fixed grant, and the course module the project made.
    granted_amount = models.DecimalField(
        _("granted amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the call's fixed grant."),
    )
    module = models.ForeignKey(
        "modules.CourseModulePage",
        verbose_name=_("course module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funding_applications",
    )

    class Meta:
        ordering = ["reference"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One application per institution and call; a withdrawn one makes room for a new one.
            models.UniqueConstraint(
                fields=["call", "institution"],
                condition=~models.Q(state="withdrawn"),
                name="one_live_application_per_institution_and_call",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("funding:application", args=[self.pk])


class ProjectGroupMember(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    # The id of the call's composition block this member counts for.
    category = models.CharField(_("category"), max_length=64)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


def private_storage():
    """Where file answers are kept: not under MEDIA_URL (settings `PRIVATE_MEDIA_ROOT`)."""
    return storages["private"]


def attachment_path(instance, filename):
    return f"applications/{instance.application_id}/{filename}"


class ApplicationFile(models.Model):
    """The file answering a file question; served only to those who may see the application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    question = models.CharField(max_length=64)
    file = models.FileField(upload_to=attachment_path, storage=private_storage)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="one_file_per_question"
            )
        ]

    def __str__(self):
        return self.file.name


class ApplicationEvent(models.Model):
    """One change of an application's state: who made it, when, from what to what."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(max_length=12, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=ApplicationState.choices)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.from_state or '—'} → {self.to_state}"


class Draw(models.Model):
    """The draw of a call allocated by draw: apart from the page, so that its secret seed is
    in no revision, no page editor and no pages API. `allocation.py` writes it."""

    call = models.OneToOneField(CallPage, on_delete=models.CASCADE, related_name="draw")
    seed = models.CharField(max_length=64, editable=False)
    beacon = models.CharField(_("beacon"), max_length=300, blank=True)
    # The frozen eligible references (sorted), None until frozen.
    eligible = models.JSONField(null=True, blank=True, editable=False)
    eligible_hash = models.CharField(max_length=64, blank=True, editable=False)
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    order = models.JSONField(default=list, blank=True, editable=False)
    drawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("draw")

    def __str__(self):
        return f"draw of {self.call_id}"


class Review(models.Model):
    """A reviewer assigned to an application, and their scores: `reviews.py` writes it.

    Assigned when made; counted in the averages only once submitted.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funding_reviews"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    # {criterion block id: score}, each from 0 to the criterion's maximum.
    scores = models.JSONField(default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("review")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer_and_application"
            )
        ]

    def __str__(self):
        return f"{self.application} / {self.reviewer_id}"

    @property
    def total(self):
        return sum(self.scores.values())


# Final reports (`reports.py` writes them; docs/funding.md, "Final reports") ---------------


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")


class FinalReport(models.Model):
    """The final report of an awarded or accepted application: answers to the call's report
    questions and the figures every report gives. Overdue is computed (`reports.py`)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="report")
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    pupils = models.PositiveIntegerField(_("pupils and students"), null=True, blank=True)
    staff = models.PositiveIntegerField(_("teachers and staff"), null=True, blank=True)
    institutions = models.PositiveIntegerField(_("institutions"), null=True, blank=True)
    # In whole units of the call's currency.
    amount_spent = models.PositiveIntegerField(_("amount spent"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")

    def __str__(self):
        return f"report of {self.application}"

    def get_absolute_url(self):
        return reverse("funding:report", args=[self.application_id])


class ReportEvent(models.Model):
    """One change of a report's state: who, when, from what to what (and a return's reason)."""

    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(max_length=12, choices=ReportState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=ReportState.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report}: {self.from_state or '—'} → {self.to_state}"


class ReportReminder(models.Model):
    """A reminder sent about an application's report: its row claims it, so each is sent once."""

    class Kind(models.TextChoices):
        DAYS_14 = "due_14", _("14 days before the due date")
        DAYS_2 = "due_2", _("2 days before the due date")
        OVERDUE = "overdue", _("the day after the due date")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="report_reminders"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="one_report_reminder_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.application}: {self.kind}"
