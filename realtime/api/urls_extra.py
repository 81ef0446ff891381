"""Routes outside /api/sync/: presence and notifications."""

from django.urls import path

from realtime.api import notification_views as views

urlpatterns = [
    path("presence", views.PresenceView.as_view(), name="presence"),
    path("notifications", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/unread-count", views.UnreadCountView.as_view(), name="notifications-unread-count"),
    path("notifications/read-all", views.NotificationReadAllView.as_view(), name="notifications-read-all"),
    path("notifications/<uuid:note_id>", views.NotificationView.as_view(), name="notification"),
    path("notifications/<uuid:note_id>/read", views.NotificationReadView.as_view(), name="notification-read"),
]
