import json

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from config.api.errors import DomainError
from social.actions.accounts import PROFILE_FIELDS, admin_save_user, update_account
from social.actions.erasure import erase_account
from social.actions.expenses import restore_expense
from social.actions.support import correct_expense, deactivate_user, send_password_reset_link
from social.models import (
    IOU,
    Activity,
    Comment,
    Expense,
    Friendship,
    Group,
    GroupBalance,
    Invite,
    IOUPayment,
    Membership,
    PairBalance,
    Profile,
    Receipt,
    RecurringExpense,
    RecurringExpenseOccurrence,
    SessionFamily,
    Settlement,
    Share,
    User,
)
from social.page_tools import attach_errors


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ["display_name", "default_currency", "time_zone", "locale", "upi_id", "avatar_url",
              "notification_preferences", "version"]
    readonly_fields = ["version"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "phone", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "date_joined"]
    search_fields = ["email", "name", "phone"]
    ordering = ["email"]
    readonly_fields = ["id", "last_login", "date_joined", "password"]
    fields = ["id", "email", "name", "phone", "password", "is_active", "is_staff", "is_superuser", "last_login", "date_joined"]
    inlines = [ProfileInline]

    def save_model(self, request, obj, form, change) -> None:
        admin_save_user(obj, changed=form.changed_data)

    def save_related(self, request, form, formsets, change) -> None:
        """The profile inline saves through the same action as the API and the profile page
        (so a display name changed here reaches the person's friends' devices)."""
        form.save_m2m()
        for formset in formsets:
            # What formset.save() would report, for the admin's history message.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for inline in formset.forms:
                if formset.model is Profile and inline.has_changed():
                    fields = [f for f in inline.changed_data if f in PROFILE_FIELDS]
                    update_account(form.instance, changes={f: inline.cleaned_data[f] for f in fields})
                    formset.changed_objects.append((inline.instance, fields))

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # people own shared records: deactivate them (is_active) instead

    # Support's actions: each calls the domain action (audited, reaches devices).
    actions = ["deactivate", "send_password_reset", "export_data", "delete_account"]

    @admin.action(description="Deactivate (end every sign-in and socket)")
    def deactivate(self, request, queryset) -> None:
        for user in queryset:
            deactivate_user(request.user, user=user, reason="by support")
        self.message_user(request, f"Deactivated {queryset.count()} account(s).")

    @admin.action(description="Send a password-reset link")
    def send_password_reset(self, request, queryset) -> None:
        sent = sum(send_password_reset_link(request.user, user=user) for user in queryset)
        self.message_user(request, f"Sent {sent} reset link(s).")

    @admin.action(description="Download the person's data (one person)")
    def export_data(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one person.", level=messages.ERROR)
            return None
        from social.api.data_views import export_response

        return export_response(queryset.get())

    @admin.action(description="Delete the account on the person's request (anonymise)")
    def delete_account(self, request, queryset) -> None:
        for user in queryset:
            try:
                erase_account(user)
            except DomainError as exc:
                reasons = "; ".join(exc.fields.get("account", [])) or exc.message
                self.message_user(request, f"{user.email}: {exc.message} {reasons}", level=messages.ERROR)
            else:
                self.message_user(request, f"Deleted the account {user.pk}.")


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
    list_filter = ["currency", "split_method", "category", "date", "deleted_at"]
    # Support finds an expense the way a member describes it: words, a person's email or name, the group.
    search_fields = ["description", "notes", "category", "group__name", "created_by__email",
                     "shares__user__email", "shares__user__name"]
    date_hierarchy = "date"
    list_select_related = ["group", "created_by"]
    actions = ["restore", "correct"]

    @admin.action(description="Correct amounts on a member's request")
    def correct(self, request, queryset):
        """One expense: a page with the correction (the API's PATCH body), who asked and why."""
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one expense to correct.", level=messages.ERROR)
            return None
        expense = queryset.get()
        form = CorrectExpenseForm(request.POST if "apply" in request.POST else None, expense=expense)
        if form.is_valid():
            try:
                correct_expense(request.user, expense=expense, requested_by=form.cleaned_data["requested_by"],
                                changes=form.cleaned_data["changes"], note=form.cleaned_data["note"])
                self.message_user(request, f"Corrected {expense.description!r}.")
                return None
            except DomainError as exc:
                attach_errors(form, exc)
        return TemplateResponse(request, "admin/social/expense_correct.html", {
            **self.admin_site.each_context(request), "title": f"Correct {expense.description!r}",
            "form": form, "expense": expense, "opts": self.model._meta})

    @admin.action(description="Restore on a member's request")
    def restore(self, request, queryset) -> None:
        for expense in queryset.filter(deleted_at__isnull=False):
            try:
                restore_expense(request.user, expense=expense)
                self.message_user(request, f"Restored {expense.description!r}.")
            except DomainError as exc:
                self.message_user(request, f"{expense.description!r}: {exc.message}", level=messages.ERROR)


class CorrectExpenseForm(forms.Form):
    requested_by = forms.ModelChoiceField(queryset=User.objects.none(), help_text="The member who asked.")
    changes = forms.JSONField(help_text="What changes, as the API's PATCH /api/expenses/{id} body: amount, "
                                        "currency, paid_by, split, description, date, category, notes.")
    note = forms.CharField(max_length=200, help_text="Why (kept in the expense's history).")

    def __init__(self, *args, expense: Expense, **kwargs) -> None:
        from social.api.serializers import ExpenseOut

        current = ExpenseOut(expense).data
        kwargs.setdefault("initial", {"changes": {k: current[k] for k in ("amount", "paid_by", "split")}})
        super().__init__(*args, **kwargs)
        people = {s.user_id for s in expense.shares.all()} | {expense.created_by_id}
        self.fields["requested_by"].queryset = User.objects.filter(pk__in=people).order_by("name")

    def clean_changes(self) -> dict:
        from social.api.inputs import ExpensePatchIn

        body = ExpensePatchIn(data=self.cleaned_data["changes"])
        if not body.is_valid():
            raise forms.ValidationError(json.dumps(body.errors))
        if not body.validated_data:
            raise forms.ValidationError("Nothing to change.")
        return dict(body.validated_data)


@admin.register(RecurringExpense)
class RecurringExpenseAdmin(ReadOnlyAdmin):
    list_display = ["description", "amount", "currency", "repeat", "group", "next_date", "end_date",
                    "stopped_reason", "created_by", "deleted_at"]
    list_filter = ["repeat", "currency"]
    search_fields = ["description", "group__name", "created_by__email"]
    list_select_related = ["group", "created_by"]


@admin.register(RecurringExpenseOccurrence)
class RecurringExpenseOccurrenceAdmin(ReadOnlyAdmin):
    list_display = ["recurring", "date", "expense"]
    list_select_related = ["recurring", "expense"]


@admin.register(Share)
class ShareAdmin(ReadOnlyAdmin):
    list_display = ["user", "currency", "paid", "owed", "net", "expense", "settlement", "live"]
    list_select_related = ["user", "expense", "settlement"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["expense", "author", "created_at", "deleted_at"]


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    # The file itself is not linked: it is served only to people who can see the expense.
    list_display = ["name", "expense", "content_type", "size", "uploaded_by", "created_at", "deleted_at"]
    list_filter = ["content_type", "deleted_at"]
    search_fields = ["name", "expense__description", "uploaded_by__email", "sha256"]
    list_select_related = ["expense", "uploaded_by"]
    exclude = ["file"]


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


@admin.register(IOUPayment)
class IOUPaymentAdmin(ReadOnlyAdmin):
    list_display = ["iou", "amount", "currency", "status", "recorded_by", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["iou", "recorded_by"]


@admin.register(GroupBalance)
class GroupBalanceAdmin(ReadOnlyAdmin):
    list_display = ["group", "user", "currency", "net"]
    list_select_related = ["group", "user"]


@admin.register(PairBalance)
class PairBalanceAdmin(ReadOnlyAdmin):
    list_display = ["scope", "user_low", "user_high", "currency", "amount"]
    list_select_related = ["user_low", "user_high"]


@admin.register(SessionFamily)
class SessionFamilyAdmin(ReadOnlyAdmin):
    """Sign-in sessions, for support: who is signed in where and since when. Revoking goes
    through social.actions (the API's logout), never an admin edit."""

    list_display = ["id", "user", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
