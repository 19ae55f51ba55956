"""Enrolment, cross-campus groups, discussion spaces and their messages.

Everything hangs off the module's original page (`CourseModulePage.original()`): a module
translated into several languages is still one module with one set of participants.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TOPIC_MAX_LENGTH = 80
DEFAULT_TOPIC = "general"


class Enrolment(models.Model):
    module = models.ForeignKey(
        "modules.CourseModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    created = models.DateTimeField(_("enrolled"), auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["module", "student"], name="unique_enrolment")
        ]

    def __str__(self):
        return f"{self.student} – {self.module}"


class StudentGroup(models.Model):
    module = models.ForeignKey(
        "modules.CourseModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="student_groups",
    )
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="GroupMembership",
        through_fields=("group", "student"),
        related_name="student_groups",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("student group")
        verbose_name_plural = _("student groups")
        constraints = [models.UniqueConstraint(fields=["module", "name"], name="unique_group_name")]

    def __str__(self):
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(StudentGroup, on_delete=models.CASCADE, related_name="memberships")
    # Repeats group.module so that the database itself keeps a student in one group per module.
    module = models.ForeignKey(
        "modules.CourseModulePage", on_delete=models.CASCADE, related_name="+"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["module", "student"], name="one_group_per_module")
        ]

    def __str__(self):
        return f"{self.student} in {self.group}"

    def save(self, *args, **kwargs):
        self.module_id = self.group.module_id
        super().save(*args, **kwargs)


class SpaceKind(models.TextChoices):
    PLAZA = "plaza", _("Plaza")
    GROUP = "group", _("Group space")
    TEACHERS = "teachers", _("Teachers’ room")


class Space(models.Model):
    module = models.ForeignKey(
        "modules.CourseModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="spaces",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SpaceKind.choices)
    group = models.OneToOneField(
        StudentGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="space",
    )
    name = models.CharField(_("name"), max_length=100)
    # The seq of the space's newest change (a message posted, edited, hidden or unhidden);
    # changes.next_seq() moves it forward inside the transaction that makes the change.
    head_seq = models.PositiveBigIntegerField(_("newest change"), default=0, editable=False)

    class Meta:
        ordering = ["module_id", "kind", "name", "pk"]
        verbose_name = _("discussion space")
        verbose_name_plural = _("discussion spaces")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "kind"],
                condition=~models.Q(kind="group"),
                name="one_plaza_and_teachers_room_per_module",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="group") & models.Q(group__isnull=False))
                | (~models.Q(kind="group") & models.Q(group__isnull=True)),
                name="group_space_has_group",
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.module})"

    def get_absolute_url(self):
        """The discussion page in the active language (`/<lang>/spaces/<id>/`)."""
        return reverse("collaboration:space", args=[self.pk])

    @property
    def label(self):
        """The name shown to people, in their language for the plaza and the teachers' room."""
        if self.kind == SpaceKind.GROUP:
            return self.name
        return SpaceKind(self.kind).label


class Message(models.Model):
    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    topic = models.CharField(_("topic"), max_length=TOPIC_MAX_LENGTH, default=DEFAULT_TOPIC)
    body = models.TextField(_("body (Markdown)"))
    body_html = models.TextField(_("body (sanitised HTML)"))
    client_id = models.UUIDField(_("client id"), default=uuid.uuid4)
    # The seq of the change that gave the message its current state (docs/protocol.md).
    seq = models.PositiveBigIntegerField(_("change"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_id"], name="unique_client_id_per_author"
            ),
            # Rows written around the services (bulk imports) keep seq 0 and are no change.
            models.UniqueConstraint(
                fields=["space", "seq"],
                condition=models.Q(seq__gt=0),
                name="one_message_per_change",
            ),
        ]
        indexes = [models.Index(fields=["space", "hidden", "id"], name="message_space_idx")]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class ReadMark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_marks"
    )
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="read_marks")
    last_read_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [
            models.UniqueConstraint(fields=["user", "space"], name="one_read_mark_per_space")
        ]

    def __str__(self):
        return f"{self.user} read {self.space} up to {self.last_read_id}"
