"""Recurring group expenses (rent, subscriptions): set up over the API and the page, made by
beat exactly once per period (catch-up after missed beats, two beats at once), editable,
stoppable, stopped with a reason when a period cannot be made, live to the group."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from config.repeats import add_months, today_for
from realtime.models import Change
from social import actions, balances
from social.models import Expense, RecurringExpense, RecurringExpenseOccurrence
from social.tasks import materialise_recurring_expenses
from tests.helpers import assert_error, assert_hidden_from, client_for


def _body(payer, between, *, amount="3000.00", repeat="monthly", start, **over):
    body = {"description": "Rent", "amount": amount, "paid_by": [{"user": str(payer.pk), "amount": amount}],
            "split": {"method": "equal", "between": [str(u.pk) for u in between]}, "repeat": repeat,
            "start_date": start.isoformat(), "category": "Home"}
    body.update(over)
    return body


def _made(item_id) -> list[date]:
    return sorted(RecurringExpenseOccurrence.objects.filter(recurring_id=item_id).values_list("expense__date", flat=True))


def _future(alice, trip, **kw) -> RecurringExpense:
    """A monthly rent that starts tomorrow, then moved back to `start` (as if beat had been down)."""
    start = kw.pop("start")
    alice_, bob, carol = kw.pop("people")
    item = actions.create_recurring_expense(
        alice, group=trip, description="Rent", amount=Decimal(kw.pop("amount", "3000.00")), currency="INR",
        paid_by=[{"user": alice_.pk, "amount": Decimal("3000.00")}],
        split={"method": "equal", "between": [alice_.pk, bob.pk, carol.pk]}, repeat=kw.pop("repeat", "monthly"),
        start_date=today_for(alice) + timedelta(days=1),
    )
    RecurringExpense.objects.filter(pk=item.pk).update(start_date=start, next_date=start, next_index=0)
    return item


@pytest.mark.django_db
def test_setting_up_a_repeat_in_the_past_makes_the_periods_due_at_once(friends, trip):
    alice, bob, carol, _ = friends
    today = today_for(alice)
    start = add_months(today, -2)
    response = client_for(alice).post(f"/api/groups/{trip.pk}/recurring", _body(alice, [alice, bob, carol],
                                      start=start), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["currency"] == "INR" and body["repeat"] == "monthly"
    assert body["next_date"] == add_months(start, 3).isoformat()
    assert _made(body["id"]) == [start, add_months(start, 1), add_months(start, 2)]
    # each is an ordinary expense: in the list, in the balances (3 × 3000, alice paid, a third each)
    expenses = Expense.objects.filter(group=trip, description="Rent")
    assert expenses.count() == 3 and {e.category for e in expenses} == {"Home"}
    nets = balances.group_balances(trip.pk)["INR"]
    assert nets[alice.pk] == Decimal("6000.00") and nets[bob.pk] == Decimal("-3000.00")
    listed = client_for(bob).get(f"/api/groups/{trip.pk}/recurring").json()["results"]
    assert [r["id"] for r in listed] == [body["id"]]


@pytest.mark.django_db
def test_beat_catches_up_missed_periods_exactly_once_when_run_twice(friends, trip):
    alice, bob, carol, _ = friends
    item = _future(alice, trip, people=(alice, bob, carol), start=date(2026, 1, 31))
    assert _made(item.pk) == []
    for _ in range(2):  # beat was down for months, then runs twice
        actions.materialise_all_recurring_expenses(today=date(2026, 4, 30))
    assert _made(item.pk) == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    item.refresh_from_db()
    assert item.next_date == date(2026, 5, 31) and item.next_index == 4
    assert Expense.objects.filter(group=trip, description="Rent").count() == 4


@pytest.mark.django_db
def test_the_beat_task_is_scheduled_and_makes_the_due_period(friends, trip):
    from config.beat import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["social-materialise-recurring-expenses"]["task"] == materialise_recurring_expenses.name
    alice, bob, carol, _ = friends
    item = _future(alice, trip, people=(alice, bob, carol), start=today_for(alice))
    assert materialise_recurring_expenses() == 1
    assert materialise_recurring_expenses() == 0
    assert _made(item.pk) == [today_for(alice)]


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_make_each_period_once(alice, bob, carol):
    for a, b in ((alice, bob), (alice, carol)):
        actions.befriend(a, other=b)
    group = actions.create_group(alice, name="Flat", currency="INR", members=[bob.pk, carol.pk])
    item = _future(alice, group, people=(alice, bob, carol), start=date(2026, 1, 1), repeat="weekly")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def beat():
        try:
            barrier.wait(timeout=10)
            actions.materialise_all_recurring_expenses(today=date(2026, 3, 31))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    made = _made(item.pk)
    assert len(made) == len(set(made)) == 13  # 1 Jan … 25 Mar, weekly
    assert Expense.objects.filter(group=group, description="Rent").count() == 13
    assert balances.group_balances(group.pk) == balances.recompute_group_balances(group.pk)


@pytest.mark.django_db
def test_an_edit_applies_to_the_periods_not_yet_made(friends, trip):
    alice, bob, carol, _ = friends
    item = _future(alice, trip, people=(alice, bob, carol), start=date(2026, 1, 10))
    actions.materialise_all_recurring_expenses(today=date(2026, 2, 10))
    response = client_for(bob).patch(f"/api/recurring-expenses/{item.pk}",
                                     {"amount": "3300.00", "description": "Rent + maintenance"}, format="json",
                                     HTTP_IF_MATCH=f'"{RecurringExpense.objects.get(pk=item.pk).version}"')
    assert response.status_code == 200, response.content
    assert response.json()["amount"] == "3300.00"
    actions.materialise_all_recurring_expenses(today=date(2026, 3, 10))
    made = {e.date: (e.description, e.amount) for e in Expense.objects.filter(group=trip)}
    assert made[date(2026, 1, 10)] == ("Rent", Decimal("3000.00"))
    assert made[date(2026, 2, 10)] == ("Rent", Decimal("3000.00"))
    assert made[date(2026, 3, 10)] == ("Rent + maintenance", Decimal("3300.00"))
    # a stale version is refused
    stale = client_for(bob).patch(f"/api/recurring-expenses/{item.pk}", {"notes": "x"}, format="json",
                                  HTTP_IF_MATCH='"1"')
    assert_error(stale, 412)


@pytest.mark.django_db
def test_stopping_makes_no_further_period_and_keeps_those_made(friends, trip):
    alice, bob, carol, _ = friends
    item = _future(alice, trip, people=(alice, bob, carol), start=date(2026, 1, 10))
    actions.materialise_all_recurring_expenses(today=date(2026, 1, 10))
    response = client_for(carol).delete(f"/api/recurring-expenses/{item.pk}")
    assert response.status_code == 200 and response.json()["deleted_at"] and response.json()["next_date"] is None
    actions.materialise_all_recurring_expenses(today=date(2026, 6, 10))
    assert _made(item.pk) == [date(2026, 1, 10)]
    assert client_for(alice).get(f"/api/groups/{trip.pk}/recurring").json()["results"] == []
    assert len(client_for(alice).get(f"/api/groups/{trip.pk}/recurring", {"stopped": "true"}).json()["results"]) == 1
    edit = client_for(alice).patch(f"/api/recurring-expenses/{item.pk}", {"notes": "again"}, format="json")
    assert_error(edit, 409, "stopped")


@pytest.mark.django_db
def test_a_period_that_cannot_be_made_stops_the_repeat_tells_its_author_and_an_edit_resumes_it(friends, trip):
    alice, bob, carol, _ = friends
    item = _future(alice, trip, people=(alice, bob, carol), start=date(2026, 1, 10))
    actions.leave_group(carol, group=trip)  # no balance yet: she may leave
    actions.materialise_all_recurring_expenses(today=date(2026, 2, 10))
    item.refresh_from_db()
    assert _made(item.pk) == [] and item.next_date is None
    assert item.stopped_reason.startswith("Stopped on 2026-01-10:")
    note = client_for(alice).get("/api/notifications").json()["results"][0]
    assert note["kind"] == "recurring_expense.stopped" and "Rent" in note["title"]
    # the split without carol: the repeat resumes and catches up from the period that failed
    response = client_for(alice).patch(f"/api/recurring-expenses/{item.pk}", {
        "split": {"method": "equal", "between": [str(alice.pk), str(bob.pk)]}}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["stopped_reason"] == ""
    # the edit catches up at once, from the period that failed to the author's today
    today, expected, n = today_for(alice), [], 0
    while add_months(date(2026, 1, 10), n) <= today:
        expected.append(add_months(date(2026, 1, 10), n))
        n += 1
    assert _made(item.pk) == expected
    actions.materialise_all_recurring_expenses(today=today)
    assert _made(item.pk) == expected  # and once only


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "field"), [
    ({"repeat": "hourly"}, "repeat"),
    ({"end_date": "2020-01-01"}, "end_date"),
    ({"amount": "0"}, "amount"),
    ({"amount": "10.001"}, "amount"),
    ({"extra": 1}, "extra"),
])
def test_bad_repeats_are_field_errors_and_change_nothing(friends, trip, change, field):
    alice, bob, carol, _ = friends
    body = _body(alice, [alice, bob], start=date(2026, 1, 1), **change)
    error = assert_error(client_for(alice).post(f"/api/groups/{trip.pk}/recurring", body, format="json"), 400)
    assert field in error["fields"], error
    assert RecurringExpense.objects.count() == 0 and Expense.objects.count() == 0


@pytest.mark.django_db
def test_a_non_member_in_the_split_is_refused(friends, trip):
    alice, bob, carol, dave = friends
    body = _body(alice, [alice, dave], start=date(2026, 1, 1))
    assert_error(client_for(alice).post(f"/api/groups/{trip.pk}/recurring", body, format="json"), 400)
    assert RecurringExpense.objects.count() == 0


@pytest.mark.django_db
def test_outsiders_get_404(friends, trip):
    alice, bob, carol, dave = friends
    item = _future(alice, trip, people=(alice, bob, carol), start=date(2026, 1, 1))
    assert_hidden_from(client_for(dave), f"/api/recurring-expenses/{item.pk}")
    assert_hidden_from(client_for(dave), f"/api/groups/{trip.pk}/recurring", methods=("get",))
    assert_hidden_from(client_for(dave), f"/api/groups/{trip.pk}/recurring", methods=("post",),
                       body=_body(dave, [dave], start=date(2026, 1, 1)))
    assert RecurringExpense.objects.count() == 1


@pytest.mark.django_db
def test_the_group_hears_of_it_on_the_change_feed(friends, trip):
    alice, bob, carol, dave = friends
    item = _future(alice, trip, people=(alice, bob, carol), start=date(2026, 1, 1))
    actions.materialise_all_recurring_expenses(today=date(2026, 1, 1))
    for member in (alice, bob, carol):
        events = list(Change.objects.filter(user=member).values_list("entity", "event"))
        assert ("recurring_expense", "recurring_expense.created") in events
        assert ("expense", "expense.created") in events
    assert not Change.objects.filter(user=dave, entity="recurring_expense").exists()
    snapshot = client_for(bob).get("/api/sync/snapshot").json()["entities"]
    assert [r["id"] for r in snapshot["recurring_expense"]] == [str(item.pk)]


@pytest.mark.django_db
def test_the_group_page_sets_up_lists_and_stops_a_repeat(friends, trip, client):
    alice, bob, carol, _ = friends
    client.force_login(alice)
    form = client.get(f"/groups/{trip.pk}/recurring/new/")
    assert form.status_code == 200 and 'name="repeat"' in form.content.decode()
    post = {"description": "Netflix", "amount": "649", "currency": "INR", "date": "2026-01-05", "repeat": "monthly",
            "method": "equal", f"paid_{alice.pk.hex}": "649", f"in_{alice.pk.hex}": "on", f"in_{bob.pk.hex}": "on"}
    response = client.post(f"/groups/{trip.pk}/recurring/new/", post)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = RecurringExpense.objects.get(description="Netflix")
    assert item.repeat == "monthly" and item.amount == Decimal("649")
    page = client.get(f"/groups/{trip.pk}/").content.decode()
    assert "Netflix" in page and "monthly" in page
    client.post(f"/recurring/{item.pk}/stop/", {"version": item.version})
    item.refresh_from_db()
    assert item.deleted_at is not None
