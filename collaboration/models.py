"""Enrolment, cross-campus groups, discussion spaces and their messages.

Everything hangs off the module's original page (`CourseModulePage.original()`): a module
translated into several languages is still one module with one set of participants.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from home.text import group_label

TOPIC_MAX_LENGTH = 80
# A message sent without a topic is in the default topic: stored as "" (no word of any
# language) and shown as DEFAULT_TOPIC_LABEL in the reader's language.
DEFAULT_TOPIC = ""
DEFAULT_TOPIC_LABEL = _("General")


def topic_label(topic):
    """The topic as people see it: its text, or "General" in their language for the default."""
    return str(DEFAULT_TOPIC_LABEL) if topic == DEFAULT_TOPIC else topic


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


class Removal(models.Model):
    """A student a teacher removed from a module: they cannot join again until re-admitted."""

    module = models.ForeignKey(
        "modules.CourseModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="removals",
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="removals",
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("removed"), auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("removal")
        verbose_name_plural = _("removals")
        constraints = [models.UniqueConstraint(fields=["module", "student"], name="unique_removal")]

    def __str__(self):
        return f"{self.student} removed from {self.module}"


class StudentGroup(models.Model):
    module = models.ForeignKey(
        "modules.CourseModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="student_groups",
    )
    # A group formed by the platform has a number and no name, and is shown as "Group 1" in
    # the reader's language; a name a teacher typed is shown as typed.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="GroupMembership",
        through_fields=("group", "student"),
        related_name="student_groups",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = [models.F("number").asc(nulls_last=True), "name", "pk"]
        verbose_name = _("student group")
        verbose_name_plural = _("student groups")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "name"], condition=~models.Q(name=""), name="unique_group_name"
            ),
            models.UniqueConstraint(fields=["module", "number"], name="unique_group_number"),
            models.CheckConstraint(
                condition=~models.Q(name="") | models.Q(number__isnull=False),
                name="group_has_name_or_number",
            ),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """The name shown to people: the one a teacher typed, or "Group <number>"."""
        return group_label(self.name, self.number)


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

    def notice_arguments(self):
        """`notify()`'s arguments for a notice about this space, named as each reader reads it.

        The link is the space; the module's title comes in the reader's language and the
        space's name as a word of the catalogue (the kind's, untranslated here) or its group's.
        """
        if self.kind == SpaceKind.GROUP:
            name = {"space": "", "group": self.group.name, "group_number": self.group.number}
        else:
            with translation.override(None):
                name = {"space": str(SpaceKind(self.kind).label)}
        return {"target": self.get_absolute_url(), "about": self.module, **name}

    @property
    def label(self):
        """The name shown to people, in their language but for a name a teacher typed.

        A group space shows its group's label: select the group with the space.
        """
        if self.kind == SpaceKind.GROUP:
            return self.group.label
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
    topic = models.CharField(
        _("topic"), max_length=TOPIC_MAX_LENGTH, default=DEFAULT_TOPIC, blank=True
    )
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
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    # Shown only to the author and the module's teachers, never in a frame.
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

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
