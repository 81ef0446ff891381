from django.contrib import admin

from social.actions.accounts import admin_save_user
from social.models import (
    IOU,
    Activity,
    Comment,
    Expense,
    Friendship,
    Group,
    GroupBalance,
    Invite,
    Membership,
    PairBalance,
    Profile,
    Settlement,
    Share,
    User,
)


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shared-expense records change only through social.actions (balances, change feed and
    history move with them), so the admin shows them and never edits them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Friendship)
class FriendshipAdmin(ReadOnlyAdmin):
    list_display = ["user_low", "user_high", "created_at", "deleted_at"]
    list_select_related = ["user_low", "user_high"]


@admin.register(Invite)
class InviteAdmin(ReadOnlyAdmin):
    list_display = ["inviter", "purpose", "name", "expires_at", "accepted_by", "accepted_at"]
    list_filter = ["purpose"]
    search_fields = ["name", "email", "phone", "inviter__email"]
    exclude = ["code"]  # a bearer secret


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "group"
    extra = 0
    fields = ["user", "joined_at", "left_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "currency", "simplify_debts", "created_by", "created_at", "deleted_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["group", "user", "joined_at", "left_at"]
    list_select_related = ["group", "user"]


@admin.register(Expense)
class ExpenseAdmin(ReadOnlyAdmin):
    list_display = ["description", "amount", "currency", "date", "group", "split_method", "created_by", "deleted_at"]
    list_filter = ["currency", "split_method"]
    search_fields = ["description"]
    list_select_related = ["group", "created_by"]


@admin.register(Share)
class ShareAdmin(ReadOnlyAdmin):
    list_display = ["user", "currency", "paid", "owed", "net", "expense", "settlement", "live"]
    list_select_related = ["user", "expense", "settlement"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["expense", "author", "created_at", "deleted_at"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "verb", "summary", "group"]
    list_filter = ["verb"]
    list_select_related = ["actor", "group"]


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = ["payer", "payee", "amount", "currency", "date", "group", "deleted_at"]
    list_select_related = ["payer", "payee", "group"]


@admin.register(IOU)
class IOUAdmin(ReadOnlyAdmin):
    list_display = ["owner", "friend", "contact_name", "direction", "amount", "settled", "currency", "date"]
    list_select_related = ["owner", "friend"]


@admin.register(GroupBalance)
class GroupBalanceAdmin(ReadOnlyAdmin):
    list_display = ["group", "user", "currency", "net"]
    list_select_related = ["group", "user"]


@admin.register(PairBalance)
class PairBalanceAdmin(ReadOnlyAdmin):
    list_display = ["scope", "user_low", "user_high", "currency", "amount"]
    list_select_related = ["user_low", "user_high"]
