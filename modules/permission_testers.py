"""Who may do what with the module index and course module pages in the Wagtail admin."""

from wagtail.models import PagePermissionTester


class ModuleIndexPermissionTester(PagePermissionTester):
    """Only those given "add" on the index itself (teachers) create modules under it.

    The site's editors keep what they may do with the index page itself.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and "add" in self.permissions:
            own_add = any(
                perm.page_id == page.pk and perm.permission.codename == "add_page"
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
            )
            if not own_add:
                self.permissions.discard("add")


class ModulePermissionTester(PagePermissionTester):
    """Rights on a module come only from its index and the module itself.

    Wagtail lets permissions on a page flow down to every page below it, and its default
    groups hold rights on the root. A module belongs to its co-authors, so rights granted
    higher up the tree (the site's editors and moderators) do not reach into it.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            index_path = page.path[: -page.steplen]
            self.permissions = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(perm.page.path) and len(perm.page.path) >= len(index_path)
            }
