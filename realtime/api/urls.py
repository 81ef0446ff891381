"""Routes of the sync API (/api/sync/…)."""

from django.urls import path

from realtime.api import views

urlpatterns = [
    path("changes", views.ChangesView.as_view(), name="sync-changes"),
    path("snapshot", views.SnapshotView.as_view(), name="sync-snapshot"),
    path("push", views.PushView.as_view(), name="sync-push"),
]
