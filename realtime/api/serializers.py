from rest_framework import serializers

from realtime.models import Notification


class NotificationOut(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "version", "kind", "title", "body", "data", "read_at", "created_at", "deleted_at"]
        read_only_fields = fields
