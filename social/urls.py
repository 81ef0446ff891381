"""Pages of the social app (server-rendered, session login)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from social import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="social/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
