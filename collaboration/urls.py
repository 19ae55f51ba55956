from django.urls import path

from . import api
from .refusals import page
from .views import figures, joining, management, spaces

app_name = "collaboration"

# The pages, under the language prefix: /<lang>/spaces/<id>/, /<lang>/modules/join/...
urlpatterns = [
    path("spaces/<int:space_id>/", page(spaces.space_page), name="space"),
    path(
        "spaces/<int:space_id>/messages/<int:message_id>/hide/",
        page(spaces.hide),
        name="hide-message",
    ),
    path("modules/join/", page(joining.join_form), name="join-form"),
    path("modules/join/<str:code>/", page(joining.join), name="join"),
    path("modules/join/<str:code>/signup/", page(joining.signup), name="signup"),
    path("modules/<int:module_id>/enrolment/", page(management.enrolment), name="enrolment"),
    path(
        "modules/<int:module_id>/enrolment/<int:student_id>/remove/",
        page(management.remove_student),
        name="remove-student",
    ),
    path(
        "modules/<int:module_id>/enrolment/readmit/",
        page(management.readmit),
        name="readmit-student",
    ),
    path(
        "modules/<int:module_id>/hidden/",
        page(management.hidden_messages),
        name="hidden-messages",
    ),
    path("modules/<int:module_id>/groups/", page(management.groups), name="groups"),
    path("groups/<int:group_id>/", page(spaces.group_page), name="group"),
    path("participation/", page(figures.participation_figures), name="participation"),
]

# The JSON API, at the root (namespace "collaboration_api").
api_urlpatterns = [
    path("api/me/spaces/", api.my_spaces, name="api-my-spaces"),
    path("api/spaces/<int:space_id>/messages/", api.space_messages, name="api-messages"),
    path("api/spaces/<int:space_id>/people/", api.space_people, name="api-people"),
]
