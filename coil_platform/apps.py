from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for the platform's own user fields."""

    user_viewset = "accounts.viewsets.UserViewSet"
