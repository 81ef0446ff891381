from rest_framework import serializers

from config.api.serializers import ModelOut, StrictSerializer
from realtime.models import Notification


class NotificationOut(ModelOut):
    class Meta:
        model = Notification
        fields = ["id", "version", "kind", "title", "body", "data", "read_at", "created_at", "deleted_at"]
        read_only_fields = fields


# --- pull / snapshot ----------------------------------------------------------------------


class ChangesQuery(StrictSerializer):
    after = serializers.IntegerField(min_value=0, max_value=2**62, default=0)
    limit = serializers.IntegerField(min_value=1, max_value=1000, default=500)


class ChangeOut(serializers.Serializer):
    seq = serializers.IntegerField()
    event = serializers.CharField()
    entity = serializers.CharField()
    op = serializers.ChoiceField(choices=["upsert", "delete"])
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    data = serializers.DictField()
    at = serializers.DateTimeField()


class ChangesOut(serializers.Serializer):
    changes = ChangeOut(many=True)
    cursor = serializers.IntegerField()
    has_more = serializers.BooleanField()


class SnapshotOut(serializers.Serializer):
    cursor = serializers.IntegerField(help_text="Pull or resume after this seq.")
    entities = serializers.DictField(
        child=serializers.ListField(child=serializers.DictField()),
        help_text="Entity name -> every live object of it the user can see, as the API shows it.",
    )


# --- push ------------------------------------------------------------------------------------

MAX_MUTATIONS = 1000


class MutationIn(StrictSerializer):
    id = serializers.IntegerField(min_value=1, max_value=2**53)
    method = serializers.ChoiceField(choices=["POST", "PUT", "PATCH", "DELETE"])
    path = serializers.RegexField(r"^/api/[^\s#]*$", max_length=2000)
    body = serializers.JSONField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(min_value=1, max_value=2**31, required=False, default=None)


class PushIn(StrictSerializer):
    client_id = serializers.UUIDField()
    mutations = serializers.ListField(child=serializers.DictField(), allow_empty=True)


class MutationResultOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.IntegerField()
    body = serializers.JSONField(allow_null=True)


class PushOut(serializers.Serializer):
    last_mutation_id = serializers.IntegerField()
    results = MutationResultOut(many=True)


# --- notifications and presence ---------------------------------------------------------------


class NotificationsQuery(StrictSerializer):
    unread = serializers.BooleanField(default=False)
    limit = serializers.IntegerField(min_value=1, max_value=500, required=False)
    offset = serializers.IntegerField(min_value=0, max_value=2**31, required=False)


class UnreadCountOut(serializers.Serializer):
    unread = serializers.IntegerField()


class ReadAllOut(serializers.Serializer):
    marked = serializers.IntegerField()


class PresenceOut(serializers.Serializer):
    online = serializers.ListField(child=serializers.UUIDField(), help_text="Friends online now.")
