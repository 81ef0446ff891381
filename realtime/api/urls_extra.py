"""Routes outside /api/sync/: presence and notifications."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
