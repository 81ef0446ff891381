from django.urls import path

from social.api import auth_views

urlpatterns = [
    path("auth/register", auth_views.RegisterView.as_view(), name="auth-register"),
    path("auth/login", auth_views.LoginView.as_view(), name="auth-login"),
    path("auth/refresh", auth_views.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", auth_views.LogoutView.as_view(), name="auth-logout"),
    path("me", auth_views.MeView.as_view(), name="me"),
]
