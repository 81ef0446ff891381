"""Statements of an expense's creation over HTTP do not grow with the group: the members'
notifications are one read of their preferences and one INSERT, whatever their number."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from realtime.models import Notification
from social import actions
from tests.conftest import make_user
from tests.helpers import client_for
from tests.social.factories import equal, expense_body

pytestmark = pytest.mark.django_db


def _group_of(owner, size: int):
    members = [make_user(f"m{size}x{i}") for i in range(size - 1)]
    for member in members:
        actions.befriend(owner, other=member)
    return actions.create_group(owner, name=f"Group of {size}", currency="INR", members=[m.pk for m in members]), members


def _create_statements(owner, group, members) -> int:
    client = client_for(owner)
    body = expense_body({owner: "90.00"}, equal(owner, *members), amount="90.00", group=group)
    assert client.post("/api/expenses", body, format="json").status_code == 201  # warm (user cached)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/expenses", body, format="json")
    assert response.status_code == 201, response.content
    return len(queries.captured_queries)


def test_creating_an_expense_takes_as_many_statements_for_10_members_as_for_3(alice):
    small, small_members = _group_of(alice, 3)
    large, large_members = _group_of(alice, 10)
    assert _create_statements(alice, large, large_members) == _create_statements(alice, small, small_members)
    # and every other member was told
    told = Notification.objects.filter(user__in=large_members).values_list("user_id", flat=True)
    assert set(told) == {m.pk for m in large_members}


def test_a_new_expense_nobody_posts_to_finance_reads_one_setting_and_locks_nothing(alice):
    group, members = _group_of(alice, 3)
    client = client_for(alice)
    body = expense_body({alice: "90.00"}, equal(alice, *members), amount="90.00", group=group)
    assert client.post("/api/expenses", body, format="json").status_code == 201
    with CaptureQueriesContext(connection) as queries:
        assert client.post("/api/expenses", body, format="json").status_code == 201
    finance = [q["sql"] for q in queries.captured_queries if "finance_" in q["sql"]]
    # one read of who posts shared expenses; no lock of linked transactions (a new expense has none)
    assert len(finance) == 1 and "finance_financesettings" in finance[0], finance
