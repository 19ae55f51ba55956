from django.urls import path

from . import api, views

app_name = "collaboration"

page = views.keeps_not_found

urlpatterns = [
    path("api/me/spaces/", api.my_spaces, name="api-my-spaces"),
    path("api/spaces/<int:space_id>/messages/", api.space_messages, name="api-messages"),
    path("spaces/<int:space_id>/", page(views.space_page), name="space"),
    path(
        "spaces/<int:space_id>/messages/<int:message_id>/hide/",
        page(views.hide),
        name="hide-message",
    ),
    path("modules/join/", page(views.join_form), name="join-form"),
    path("modules/join/<str:code>/", page(views.join), name="join"),
    path("modules/join/<str:code>/signup/", page(views.signup), name="signup"),
    path("modules/<int:module_id>/enrolment/", page(views.enrolment), name="enrolment"),
    path("modules/<int:module_id>/groups/", page(views.groups), name="groups"),
    path("groups/<int:group_id>/", page(views.group_page), name="group"),
    path("participation/", page(views.participation_figures), name="participation"),
]
