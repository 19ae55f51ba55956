from django.urls import path

from . import api, views

app_name = "notifications"

# Under the language prefix: /<lang>/me/notifications/...
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/read/", views.mark_read, name="mark-read"),
    path("read/", views.mark_all_read, name="mark-all-read"),
    path("settings/", views.notification_settings, name="settings"),
]

# At the root, beside the other /api/me/ addresses (namespace "notifications_api").
api_urlpatterns = [
    path("api/me/notifications/", api.my_notifications, name="list"),
    path("api/me/notifications/read/", api.mark_read, name="mark-read"),
]
