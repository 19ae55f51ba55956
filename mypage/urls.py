from django.urls import path

from . import views

app_name = "mypage"

urlpatterns = [
    path("me/", views.my_page, name="home"),
]
