from django.contrib import admin

from social.actions.accounts import admin_save_user
from social.models import Profile, User


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    readonly_fields = ["version"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "phone", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "date_joined"]
    search_fields = ["email", "name", "phone"]
    ordering = ["email"]
    readonly_fields = ["id", "last_login", "date_joined", "password"]
    fields = ["id", "email", "name", "phone", "password", "is_active", "is_staff", "is_superuser", "last_login", "date_joined"]

    def save_model(self, request, obj, form, change) -> None:
        admin_save_user(obj, changed=form.changed_data)
