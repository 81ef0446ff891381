"""Pages of the social app (server-rendered, session login)."""

from django.urls import path

from social.views import accounts, friends, groups

urlpatterns = [
    path("", accounts.home, name="home"),
    path("signup/", accounts.signup, name="signup"),
    path("login/", accounts.login_page, name="login"),
    path("logout/", accounts.logout_page, name="logout"),
    path("profile/", accounts.profile, name="profile"),
    path("notifications/", accounts.notifications, name="notifications"),
    path("friends/", friends.friends, name="friends"),
    path("invite/", friends.invite_accept, name="invite-accept-code"),
    path("invite/<str:code>/", friends.invite_accept, name="invite-accept"),
    path("ious/", friends.ious, name="ious"),
    path("ious/<uuid:iou_id>/settle/", friends.iou_settle, name="iou-settle"),
    path("groups/", groups.groups, name="groups"),
    path("groups/<uuid:group_id>/", groups.group, name="group"),
    path("groups/<uuid:group_id>/expenses/new/", groups.expense_new, name="expense-new"),
    path("groups/<uuid:group_id>/settle/", groups.settle, name="group-settle"),
    path("expenses/<uuid:expense_id>/edit/", groups.expense_edit, name="expense-edit"),
    path("expenses/<uuid:expense_id>/delete/", groups.expense_delete, name="expense-delete"),
]
