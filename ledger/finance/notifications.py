"""The kinds of finance's notifications (written by the budget and bill actions), listed for
the notification preferences."""

from django.utils.translation import gettext_noop

from realtime.notifications import register_kind

register_kind("budget.threshold_crossed", gettext_noop("A budget reaches a threshold"))
register_kind("bill.due_soon", gettext_noop("A bill is due soon"))
register_kind("bill.overdue", gettext_noop("A bill is overdue"))
