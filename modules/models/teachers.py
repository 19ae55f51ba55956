"""The teachers listed on a course module, and the one answer to "does this person teach it"."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from accounts.roles import TEACHERS
from home.originals import OriginalMixin


class ModuleTeacherQuerySet(models.QuerySet):
    def teaches(self, user, module):
        """Whether `user` is listed as a teacher of `module`: the one answer to that question.

        `module` is a module page in any language, or the id (or a subquery of the id) of a
        module's original page, which holds the teachers of all its translations.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if isinstance(module, OriginalMixin):
            module = module.original_id_query()
        return self.filter(page_id=module, user_id=user.pk).exists()


class ModuleTeacher(Orderable):
    page = ParentalKey(
        "modules.CourseModulePage", related_name="teachers", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="module_teaching",
        limit_choices_to={"groups__name": TEACHERS},
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
        # Left empty in the editor, it is the teacher's own (modules.forms).
        blank=True,
        help_text=_("Leave empty for the institution in the teacher’s profile."),
    )
    is_lead = models.BooleanField(_("lead teacher"), default=False)

    objects = ModuleTeacherQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("user"), FieldPanel("institution")]),
        FieldPanel("is_lead"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")

    def __str__(self):
        return f"{self.user} ({self.institution})"
