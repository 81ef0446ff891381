from django.contrib import admin

from realtime.models import Change, IdempotencyKey, Notification, PushClient, PushedMutation, Stream


class ReadOnlyAdmin(admin.ModelAdmin):
    """The feed is written by actions only; the admin looks."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Stream)
class StreamAdmin(ReadOnlyAdmin):
    list_display = ["user", "head", "floor"]
    search_fields = ["user__email"]
    list_select_related = ["user"]


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    list_display = ["user", "seq", "event", "entity", "op", "object_id", "version", "at"]
    list_filter = ["entity", "op", "event"]
    search_fields = ["user__email", "object_id", "event"]
    list_select_related = ["user"]
    date_hierarchy = "at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind", "read_at"]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(ReadOnlyAdmin):
    list_display = ["user", "key", "state", "status", "created_at"]
    list_filter = ["state", "status"]
    search_fields = ["user__email", "key"]
    list_select_related = ["user"]
    exclude = ["body"]


@admin.register(PushClient)
class PushClientAdmin(ReadOnlyAdmin):
    list_display = ["user", "client_id", "last_mutation_id", "updated_at"]
    search_fields = ["user__email", "client_id"]
    list_select_related = ["user"]


@admin.register(PushedMutation)
class PushedMutationAdmin(ReadOnlyAdmin):
    list_display = ["client", "mutation_id", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["client__client_id"]
