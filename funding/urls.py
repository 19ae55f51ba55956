from django.urls import path

from . import views, views_letters

app_name = "funding"

urlpatterns = [
    path("calls/<int:call_id>/apply/", views.start, name="start"),
    path("calls/<int:call_id>/applications/", views.call_applications, name="call-applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/members/", views.add_member, name="add-member"),
    path(
        "applications/<int:pk>/members/<int:member_id>/remove/",
        views.remove_member,
        name="remove-member",
    ),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/accept/", views.accept, name="accept"),
    path("applications/<int:pk>/decline/", views.decline, name="decline"),
    path("applications/<int:pk>/files/<int:file_id>/", views.download_file, name="file"),
    path("applications/<int:pk>/letter/", views_letters.letter, name="letter"),
]
