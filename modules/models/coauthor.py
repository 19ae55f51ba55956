from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Coauthor(models.Model):
    """A person who may edit a module: listed on its published version or its newest draft.

    One row per person and module (its original page). Kept in step with the teachers list
    by modules.coauthors.sync_coauthor_rights; modules.permission_policy turns the rows into
    Wagtail's "change" permission on the module and its translations and aliases.
    """

    module = models.ForeignKey(
        "modules.CourseModulePage", on_delete=models.CASCADE, related_name="coauthors"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        constraints = [
            models.UniqueConstraint(fields=["module", "user"], name="one_coauthor_row_per_module")
        ]

    def __str__(self):
        return f"{self.user} on {self.module}"
