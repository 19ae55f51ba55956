"""The site's page permission policy: Wagtail's, plus co-author rights on modules.

Wagtail reads page rights from group permissions on pages (`GroupPagePermission`). A
module's co-authors are people, not a group, so their rights come from the `Coauthor`
rows instead: each co-author has "change" on every page of their module (the original,
its translations and aliases). Queries over those rights cost the same whether a person
co-authors one module or five hundred: one subquery, never one term per module.

Module pages are also kept out of sight: an unpublished module is listed in the admin
(explorer, search, choosers) only to those who may edit it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import Coauthor, CourseModulePage, ModuleIndexPage

EXPLORE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


def coauthored_pages(user):
    """Every page of every module `user` co-authors, as a queryset (one subquery)."""
    keys = Coauthor.objects.filter(user_id=user.pk).values("module__translation_key")
    return Page.objects.filter(translation_key__in=keys)


class ModulePagePermissionPolicy(PagePermissionPolicy):
    """Group rights as Wagtail has them, plus "change" on the pages of co-authored modules."""

    def get_all_permissions_for_user(self, user):
        group_permissions = list(super().get_all_permissions_for_user(user))
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return group_permissions
        pages = list(coauthored_pages(user))
        if not pages:
            return group_permissions
        change = Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        )
        # Unsaved rows without a group: they exist only in this list.
        return group_permissions + [
            GroupPagePermission(page=page, permission=change) for page in pages
        ]

    def group_permissions(self, user):
        return [p for p in self.get_cached_permissions_for_user(user) if p.group_id is not None]

    def instances_user_has_any_permission_for(self, user, actions):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        manager = self.model._default_manager
        codenames = self._get_permission_codenames(actions)
        pages = manager.none()
        for perm in self.group_permissions(user):
            codename = perm.permission.codename
            if codename == self._get_permission_codename("add") and (
                "add" not in actions and "change" in actions
            ):
                pages |= manager.descendant_of(perm.page, inclusive=True).filter(owner=user)
            elif codename in codenames:
                pages |= manager.descendant_of(perm.page, inclusive=True)
        if "change" in actions:
            pages |= manager.filter(pk__in=coauthored_pages(user).values("pk"))
        return pages

    def explorable_instances(self, user):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        manager = self.model._default_manager
        pages = self.instances_user_has_any_permission_for(user, EXPLORE_ACTIONS)
        # Every page above one that may be worked on can be explored to reach it. All the
        # co-authored modules sit below a few module indexes, so this is a short list.
        steplen = self.model.steplen
        permitted = [perm.page for perm in self.get_cached_permissions_for_user(user)]
        above = {
            page.path[:n] for page in permitted for n in range(steplen, len(page.path), steplen)
        }
        if above:
            pages |= manager.filter(path__in=above)
        top = self.model.base_page_model.objects.first_common_ancestor_of(permitted)
        return pages.filter(path__startswith=top.path).exclude(self.hidden_modules(user))

    def hidden_modules(self, user):
        """Q for the module pages `user` may not see in the admin: unpublished, not theirs."""
        if user.is_superuser:
            return Q(pk__in=[])
        get_type = ContentType.objects.get_for_model
        module_type = get_type(CourseModulePage).pk
        hidden = Q(content_type_id=module_type, live=False) & ~Q(
            pk__in=coauthored_pages(user).values("pk")
        )
        # Rights granted on a module index or on a module itself reach its modules
        # (ModulePermissionTester); rights granted higher up do not.
        own_level = {module_type, get_type(ModuleIndexPage).pk}
        for perm in self.group_permissions(user):
            if perm.permission.codename == "change_page" and perm.page.content_type_id in own_level:
                hidden &= ~Q(path__startswith=perm.page.path)
        return hidden

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        users = super().users_with_any_permission_for_instance(
            actions, instance, include_superusers
        )
        if "change" not in actions or not getattr(instance, "translation_key", None):
            return users
        coauthors = Coauthor.objects.filter(
            module__translation_key=instance.translation_key
        ).values("user_id")
        return (
            users
            | get_user_model()._default_manager.filter(is_active=True, pk__in=coauthors).distinct()
        )
