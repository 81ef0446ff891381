"""A user's first finance request makes their settings and default categories: a fixed
number of statements, not one INSERT per category."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledger.finance.actions.setup import DEFAULT_CATEGORIES
from ledger.finance.models import Category
from realtime.models import Change
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_the_first_finance_request_sets_up_in_at_most_12_statements(alice):
    client = client_for(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/finance/budgets")
    assert response.status_code == 200, response.content
    # auth, ready?, BEGIN, settings?, SAVEPOINT, settings, RELEASE, top-level categories,
    # their children, feed, COMMIT, budgets
    assert len(queries.captured_queries) <= 12, [q["sql"][:100] for q in queries.captured_queries]
    tops = {(c.kind, c.name): c for c in Category.objects.filter(owner=alice, parent=None)}
    expected_tops = {(kind, name) for kind, names in DEFAULT_CATEGORIES.items() for name in names}
    assert set(tops) == expected_tops
    for kind, names in DEFAULT_CATEGORIES.items():
        for name, children in names.items():
            got = Category.objects.filter(owner=alice, parent=tops[kind, name]).values_list("name", flat=True)
            assert sorted(got) == sorted(children)
    # every category went into alice's feed, parents before their children
    order = list(Change.objects.filter(user=alice, entity="finance_category").order_by("seq").values_list("object_id", flat=True))
    assert len(order) == Category.objects.filter(owner=alice).count()
    position = {object_id: n for n, object_id in enumerate(order)}
    for child in Category.objects.filter(owner=alice).exclude(parent=None):
        assert position[child.parent_id] < position[child.pk]
    again = client.get("/api/finance/categories?limit=500").json()
    assert again["count"] == len(order)
