from django.urls import path

from . import api, views

app_name = "collaboration"

urlpatterns = [
    path("api/me/spaces/", api.my_spaces, name="api-my-spaces"),
    path("api/spaces/<int:space_id>/messages/", api.space_messages, name="api-messages"),
    path("spaces/<int:space_id>/", views.space_page, name="space"),
    path("spaces/<int:space_id>/messages/<int:message_id>/hide/", views.hide, name="hide-message"),
    path("modules/join/", views.join_form, name="join-form"),
    path("modules/join/<str:code>/", views.join, name="join"),
    path("modules/join/<str:code>/signup/", views.signup, name="signup"),
    path("modules/<int:module_id>/enrolment/", views.enrolment, name="enrolment"),
    path("modules/<int:module_id>/groups/", views.groups, name="groups"),
    path("groups/<int:group_id>/", views.group_page, name="group"),
]
