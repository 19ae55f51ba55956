"""Who may do what with calls in the Wagtail admin: a call belongs to its funder.

The "Call managers" group is given add, change and publish on every calls index
(`ensure_index_rights`). Wagtail would let those rights reach every call below the index;
here a call is worked on only by people of its funder (User.institution), whatever group
gives them the page rights, and the calls index itself stays the site editors'.
`CallPage.managed_by` reads the same tester, so the admin and the managers' pages agree.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, PagePermissionTester

CALL_MANAGERS = "Call managers"
CALL_MANAGER_ACTIONS = ("add", "change", "publish")


def ensure_index_rights(index_page):
    """Call managers may use the admin, create calls under this index and edit and publish
    their own."""
    group, _ = Group.objects.get_or_create(name=CALL_MANAGERS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for action in CALL_MANAGER_ACTIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index_page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{action}_page"
            ),
        )


class CallIndexPermissionTester(PagePermissionTester):
    """On the index, the call managers' rights are only to add calls under it."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            managers = Group.objects.filter(name=CALL_MANAGERS).values_list("pk", flat=True)
            managers_id = next(iter(managers), None)
            self.permissions = {
                action
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(perm.page.path)
                for action in [perm.permission.codename.rsplit("_", maxsplit=1)[0]]
                if not (perm.group_id == managers_id and perm.page_id == page.pk) or action == "add"
            }


class CallPermissionTester(PagePermissionTester):
    """Rights on a call only for people of its funder (and superusers)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and page.funder_id != user.institution_id:
            self.permissions = set()
