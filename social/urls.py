"""Pages of the social app (server-rendered, session login)."""

from django.urls import path

from social.views import accounts, friends, groups

urlpatterns = [
    path("", accounts.home, name="home"),
    path("signup/", accounts.signup, name="signup"),
    path("login/", accounts.login_page, name="login"),
    path("logout/", accounts.logout_page, name="logout"),
    path("profile/", accounts.profile, name="profile"),
    path("notifications/", accounts.notifications, name="notifications-page"),
    path("friends/", friends.friends, name="social-friends"),
    path("invite/", friends.invite_accept, name="social-invite-code"),
    path("invite/<str:code>/", friends.invite_accept, name="social-invite"),
    path("ious/", friends.ious, name="social-ious"),
    path("ious/<uuid:iou_id>/settle/", friends.iou_settle, name="social-iou-settle"),
    path("groups/", groups.groups, name="social-groups"),
    path("groups/<uuid:group_id>/", groups.group, name="social-group"),
    path("groups/<uuid:group_id>/expenses/new/", groups.expense_new, name="social-expense-new"),
    path("groups/<uuid:group_id>/settle/", groups.settle, name="social-group-settle"),
    path("expenses/<uuid:expense_id>/edit/", groups.expense_edit, name="social-expense-edit"),
    path("expenses/<uuid:expense_id>/delete/", groups.expense_delete, name="social-expense-delete"),
]
