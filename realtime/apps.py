from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "realtime"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from realtime import registry
        from realtime.api.serializers import NotificationOut
        from realtime.models import Notification

        registry.register(
            Notification,
            entity="notification",
            serializer=NotificationOut,
            audience=lambda note: [note.user_id],
            visible=lambda user: Notification.objects.filter(user=user, deleted_at=None),
        )
