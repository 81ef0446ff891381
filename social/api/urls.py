from django.urls import path

from social.api import auth_views, expense_views, group_views, people_views

urlpatterns = [
    path("auth/register", auth_views.RegisterView.as_view(), name="auth-register"),
    path("auth/login", auth_views.LoginView.as_view(), name="auth-login"),
    path("auth/refresh", auth_views.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", auth_views.LogoutView.as_view(), name="auth-logout"),
    path("me", auth_views.MeView.as_view(), name="me"),
    # friends and invites
    path("invites", people_views.InviteCreateView.as_view(), name="invites"),
    path("invites/accept", people_views.InviteAcceptView.as_view(), name="invite-accept"),
    path("friends", people_views.FriendListView.as_view(), name="friends"),
    path("friends/<uuid:user_id>", people_views.FriendDetailView.as_view(), name="friend-detail"),
    path("balances", people_views.BalancesView.as_view(), name="balances"),
    # groups
    path("groups", group_views.GroupListView.as_view(), name="groups"),
    path("groups/<uuid:pk>", group_views.GroupDetailView.as_view(), name="group-detail"),
    path("groups/<uuid:pk>/members", group_views.GroupMembersView.as_view(), name="group-members"),
    path("groups/<uuid:pk>/members/<uuid:user_id>", group_views.GroupMemberView.as_view(), name="group-member"),
    path("groups/<uuid:pk>/leave", group_views.GroupLeaveView.as_view(), name="group-leave"),
    path("groups/<uuid:pk>/balances", group_views.GroupBalancesView.as_view(), name="group-balances"),
    path("groups/<uuid:pk>/settle-up/qr", group_views.GroupSettleQRView.as_view(), name="group-settle-qr"),
    path("groups/<uuid:pk>/activity", group_views.GroupActivityView.as_view(), name="group-activity"),
    path("groups/<uuid:pk>/export.csv", group_views.GroupExportCSVView.as_view(), name="group-export-csv"),
    path("groups/<uuid:pk>/export.json", group_views.GroupExportJSONView.as_view(), name="group-export-json"),
    path("groups/<uuid:pk>/import", group_views.GroupImportView.as_view(), name="group-import"),
    # expenses
    path("expenses", expense_views.ExpenseListView.as_view(), name="expenses"),
    path("expenses/<uuid:pk>", expense_views.ExpenseDetailView.as_view(), name="expense-detail"),
    path("expenses/<uuid:pk>/restore", expense_views.ExpenseRestoreView.as_view(), name="expense-restore"),
    path("expenses/<uuid:pk>/comments", expense_views.ExpenseCommentsView.as_view(), name="expense-comments"),
    path("expenses/<uuid:pk>/activity", expense_views.ExpenseActivityView.as_view(), name="expense-activity"),
    # settlements and IOUs
    path("settlements", expense_views.SettlementListView.as_view(), name="settlements"),
    path("settlements/<uuid:pk>", expense_views.SettlementDetailView.as_view(), name="settlement-detail"),
    path("ious", expense_views.IOUListView.as_view(), name="ious"),
    path("ious/<uuid:pk>", expense_views.IOUDetailView.as_view(), name="iou-detail"),
    path("ious/<uuid:pk>/settle", expense_views.IOUSettleView.as_view(), name="iou-settle"),
]
