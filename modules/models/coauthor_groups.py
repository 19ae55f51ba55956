from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class CoauthorGroup(models.Model):
    """The Django group whose page permissions let a module's teachers edit it.

    One per module (its original page). Membership and page permissions are kept in step
    with the teachers list by modules.coauthors.sync_coauthor_rights.
    """

    module = models.OneToOneField(
        "modules.CourseModulePage", on_delete=models.CASCADE, related_name="coauthor_group"
    )
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("co-author group")
        verbose_name_plural = _("co-author groups")

    def __str__(self):
        return self.group.name
