"""Balances are events: a write that moves a figure the client shows puts the changed
aggregate in the same batch (account, group, friend, wallet; khata parties in
tests/ledger/khata/test_feed.py), once per batch, so no device recomputes it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from channels.db import database_sync_to_async

from ledger.finance import actions as finance
from realtime.feed import action
from realtime.models import Change
from social import actions as social
from tests.helpers import client_for
from tests.realtime.conftest import open_socket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, scope="module")
def _no_persistent_connections_in_worker_threads():
    """The socket test queries from worker threads: their connections must not outlive it."""
    from django.db import connections

    connections.settings["default"]["CONN_MAX_AGE"] = 0

DAY = datetime.date(2026, 11, 20)


def changes(user, event: str, object_id=None) -> list[Change]:
    qs = Change.objects.filter(user=user, event=event)
    if object_id is not None:
        qs = qs.filter(object_id=object_id)
    return list(qs.order_by("seq"))


def account(user, name: str, opening: str = "1000.00"):
    finance.ensure_finance(user)
    return finance.create_account(user, name=name, kind="bank", currency="INR", opening_balance=Decimal(opening))


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_transaction_and_the_accounts_new_balance_arrive_in_one_batch(alice):
    savings = await database_sync_to_async(account)(alice, "Savings")
    sock = await open_socket(alice)
    await sock.send({"type": "resume", "cursor": sock.hello["head"]})
    response = await database_sync_to_async(client_for(alice).post)(
        "/api/finance/transactions",
        {"account_id": str(savings.id), "direction": "expense", "amount": "250.00", "date": "2026-11-20"},
        format="json",
    )
    assert response.status_code == 201, response.content
    frames = await sock.frames_of("change", 2)
    by_event = {f["event"]: f for f in frames}
    assert set(by_event) == {"transaction.created", "account.balance_changed"}
    balance = by_event["account.balance_changed"]
    assert (balance["entity"], balance["id"], balance["data"]["balance"]) == ("finance_account", str(savings.id), "750.00")
    assert by_event["transaction.created"]["at"] == balance["at"]  # one batch, one commit
    await sock.close()


def test_each_account_a_batch_moves_gets_one_event_with_its_final_balance(alice):
    savings, wallet = account(alice, "Savings"), account(alice, "Cash", "0.00")

    @action
    def three_writes():
        for amount in ("10.00", "20.00"):
            finance.record_transaction(alice, account_id=savings.id, direction="expense", amount=Decimal(amount), date=DAY)
        finance.record_transaction(alice, account_id=savings.id, direction="transfer", amount=Decimal("100.00"),
                                   transfer_account_id=wallet.id, date=DAY)

    three_writes()
    [savings_event] = changes(alice, "account.balance_changed", savings.id)
    [wallet_event] = changes(alice, "account.balance_changed", wallet.id)
    assert (savings_event.data["balance"], wallet_event.data["balance"]) == ("870.00", "100.00")


def test_moving_a_transaction_to_another_account_updates_both(alice):
    savings, other = account(alice, "Savings"), account(alice, "Other")
    txn = finance.record_transaction(alice, account_id=savings.id, direction="expense", amount=Decimal("5.00"), date=DAY)
    finance.update_transaction(alice, transaction=txn, account_id=other.id)
    assert changes(alice, "account.balance_changed", savings.id)[-1].data["balance"] == "1000.00"
    assert changes(alice, "account.balance_changed", other.id)[-1].data["balance"] == "995.00"
    finance.delete_transaction(alice, transaction=txn)
    assert changes(alice, "account.balance_changed", other.id)[-1].data["balance"] == "1000.00"


def test_a_group_expense_carries_the_groups_balances_and_each_friends_position(trip, alice, bob, carol):
    expense = social.record_expense(alice, group=trip, description="Fuel", amount=Decimal("90"), currency="INR",
                                    date=DAY, paid_by=[{"user": alice.pk, "amount": Decimal("90")}],
                                    split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    api = client_for(bob).get(f"/api/groups/{trip.pk}/balances").json()
    for user in (alice, bob, carol):
        [sheet] = changes(user, "group.balances_changed", trip.pk)
        assert sheet.entity == "group_balances"
        assert {k: sheet.data[k] for k in ("balances", "settle_up")} == api
    alice_views = {c.data["friend"]: c.data["balances"] for c in changes(alice, "friend.balance_changed")}
    bob_view = changes(bob, "friend.balance_changed")[-1].data
    assert alice_views == {str(bob.pk): [{"currency": "INR", "amount": "30.00"}],
                           str(carol.pk): [{"currency": "INR", "amount": "30.00"}]}
    assert (bob_view["friend"], bob_view["balances"]) == (str(alice.pk), [{"currency": "INR", "amount": "-30.00"}])
    assert client_for(bob).get(f"/api/friends/{alice.pk}").json()["balances"] == bob_view["balances"]
    # The expense's batch carries them: same commit time.
    created = Change.objects.get(user=bob, event="expense.created", object_id=expense.pk)
    assert created.at == changes(bob, "group.balances_changed", trip.pk)[0].at


def test_an_iou_moves_the_friends_position_only_for_the_two(friends, alice, bob, carol):
    social.record_iou(alice, direction="lent", amount=Decimal("50"), currency="INR", date=DAY, friend_id=bob.pk)
    assert changes(bob, "friend.balance_changed")[-1].data["balances"] == [{"currency": "INR", "amount": "-50.00"}]
    assert changes(carol, "friend.balance_changed") == []


def test_a_resyncing_device_gets_the_current_balances_and_cards_in_the_snapshot(trip, alice, bob, carol):
    """A device that lost its cursor (a new phone, a 410) must not have to ask for each group's
    and each friend's balances: the snapshot has them as the API gives them, at its cursor."""
    _fuel(trip, alice, bob, carol)
    social.record_iou(alice, direction="lent", amount=Decimal("5"), currency="INR", date=DAY, friend_id=bob.pk)
    client = client_for(bob)
    entities = client.get("/api/sync/snapshot").json()["entities"]
    [sheet] = entities["group_balances"]
    assert sheet["id"] == str(trip.pk)
    assert {k: sheet[k] for k in ("balances", "settle_up")} == client.get(f"/api/groups/{trip.pk}/balances").json()
    positions = {p["friend"]: p["balances"] for p in entities["friend_balance"]}
    assert positions == {str(alice.pk): client.get(f"/api/friends/{alice.pk}").json()["balances"],
                         str(carol.pk): []}
    assert positions[str(alice.pk)] == [{"currency": "INR", "amount": "-35.00"}]
    # As the feed sends them: the last event of each equals the snapshot's.
    [with_alice] = [p for p in entities["friend_balance"] if p["friend"] == str(alice.pk)]
    assert changes(bob, "friend.balance_changed", with_alice["id"])[-1].data == with_alice
    assert changes(bob, "group.balances_changed", trip.pk)[-1].data == sheet
    assert {p["id"] for p in entities["person"]} == {str(alice.pk), str(bob.pk), str(carol.pk)}


def test_a_device_back_online_pulls_the_balances_it_missed(trip, alice, bob, carol):
    """Resuming from its cursor, an offline device gets the balance events in its backlog: the
    last one is the group's balances now."""
    cursor = client_for(bob).get("/api/sync/snapshot").json()["cursor"]
    _fuel(trip, alice, bob, carol)
    _fuel(trip, carol, bob, alice)
    page = client_for(bob).get("/api/sync/changes", {"after": cursor, "limit": 500}).json()
    sheets = [c["data"] for c in page["changes"] if c["entity"] == "group_balances"]
    api = client_for(bob).get(f"/api/groups/{trip.pk}/balances").json()
    assert len(sheets) == 2 and {k: sheets[-1][k] for k in ("balances", "settle_up")} == api


def test_a_wallet_top_up_carries_the_wallets_balance(bob):
    from invoicing import actions as invoicing

    invoicing.top_up_wallet(bob, amount=Decimal("10.00"), currency="INR")
    [event] = [c for c in changes(bob, "wallet.balance_changed") if c.data["balance"].endswith("10.00")][-1:]
    assert event.entity == "wallet"


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_friends_expense_reaches_the_socket_with_its_notification_and_balances(trip, alice, bob, carol):
    sock = await open_socket(bob)
    await sock.send({"type": "resume", "cursor": sock.hello["head"]})
    await database_sync_to_async(social.record_expense)(
        alice, group=trip, description="Dinner", amount=Decimal("90"), currency="INR", date=DAY,
        paid_by=[{"user": alice.pk, "amount": Decimal("90")}],
        split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    frames = await sock.frames_of("change", 4)
    events = {f["event"]: f for f in frames}
    assert set(events) == {"expense.created", "group.balances_changed", "friend.balance_changed",
                           "notification.created"}
    assert len({f["at"] for f in frames}) == 1  # one batch
    assert [f["seq"] for f in frames] == list(range(frames[0]["seq"], frames[0]["seq"] + 4))
    assert events["notification.created"]["data"]["kind"] == "expense.added"
    mine = [b for b in events["group.balances_changed"]["data"]["balances"] if b["user"] == str(bob.pk)]
    assert mine == [{"user": str(bob.pk), "currency": "INR", "amount": "-30.00"}]
    assert events["friend.balance_changed"]["data"] == {
        "id": events["friend.balance_changed"]["id"], "friend": str(alice.pk),
        "balances": [{"currency": "INR", "amount": "-30.00"}]}
    await sock.close()


def test_switching_simplify_debts_sends_the_new_settle_up_plan(trip, alice, bob, carol):
    social.record_expense(alice, group=trip, description="Fuel", amount=Decimal("90"), currency="INR", date=DAY,
                          paid_by=[{"user": alice.pk, "amount": Decimal("90")}],
                          split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    social.update_group(bob, group=trip, changes={"simplify_debts": False})
    latest = changes(carol, "group.balances_changed", trip.pk)[-1]
    assert latest.data["settle_up"] == client_for(carol).get(f"/api/groups/{trip.pk}/balances").json()["settle_up"]
    assert len(changes(carol, "group.balances_changed", trip.pk)) == 2


def _fuel(trip, alice, bob, carol):
    social.record_expense(alice, group=trip, description="Fuel", amount=Decimal("90"), currency="INR", date=DAY,
                          paid_by=[{"user": alice.pk, "amount": Decimal("90")}],
                          split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})


@pytest.mark.parametrize("changes_made", [{"upi_id": "asha@okbank"}, {"display_name": "Asha S"}, {"name": "Asha"}])
def test_a_payees_upi_id_or_name_change_resends_their_groups_settle_up(trip, alice, bob, carol, changes_made):
    """The settle-up plan's UPI links carry the payee's UPI id and name: a device must not keep
    offering to pay the old address."""
    social.update_account(alice, changes={"upi_id": "alice@oldbank"})
    _fuel(trip, alice, bob, carol)
    before = changes(bob, "group.balances_changed", trip.pk)[-1].seq
    response = client_for(alice).patch("/api/me", changes_made, format="json")
    assert response.status_code == 200, response.content
    api = client_for(bob).get(f"/api/groups/{trip.pk}/balances").json()
    for user in (alice, bob, carol):
        latest = changes(user, "group.balances_changed", trip.pk)[-1]
        assert {k: latest.data[k] for k in ("balances", "settle_up")} == api
    [sheet] = [c for c in changes(bob, "group.balances_changed", trip.pk) if c.seq > before]
    [link] = {t["upi_link"] for t in sheet.data["settle_up"]}
    expected = changes_made.get("upi_id", "alice@oldbank")
    assert f"pa={expected.replace('@', '%40')}&" in link
    if "display_name" in changes_made:
        assert "pn=Asha%20S" in link


def test_a_preference_change_resends_no_balances(trip, alice, bob, carol):
    _fuel(trip, alice, bob, carol)
    count = len(changes(bob, "group.balances_changed", trip.pk))
    client_for(alice).patch("/api/me", {"time_zone": "Europe/London"}, format="json")
    assert len(changes(bob, "group.balances_changed", trip.pk)) == count


def test_one_friends_position_reads_only_their_pair_and_agrees_with_everyone_s(trip, alice, bob, carol):
    """The snapshot builds a friend_balance per friend: each reads its pair's rows (not all of
    the viewer's), and says what the list of everyone's balances says."""
    from social import balances

    _fuel(trip, alice, bob, carol)
    social.record_iou(bob, direction="lent", amount=Decimal("12.50"), currency="USD", date=DAY, friend_id=alice.pk)
    social.record_iou(carol, direction="lent", amount=Decimal("30"), currency="INR", date=DAY, friend_id=bob.pk)
    for viewer in (alice, bob, carol):
        everyone = balances.people_balances(viewer.pk)
        for other in {alice.pk, bob.pk, carol.pk} - {viewer.pk}:
            assert balances.pair_balances(viewer.pk, other) == [(c, a) for o, c, a in everyone if o == other]
    assert balances.pair_balances(alice.pk, bob.pk) == [("INR", Decimal("30.00")), ("USD", Decimal("-12.50"))]
    assert balances.pair_balances(carol.pk, bob.pk) == [("INR", Decimal("30.00"))]
    social.record_iou(bob, direction="lent", amount=Decimal("30"), currency="INR", date=DAY, friend_id=carol.pk)
    assert balances.pair_balances(carol.pk, bob.pk) == []  # 30 each way: square, left out


def test_losing_a_group_or_a_friend_drops_its_balances_from_the_devices(trip, alice, bob, carol):
    """What the snapshot no longer has goes from the devices too: a delete of the group's
    balances to the member who left, of the position to both former friends."""
    def deletes(user, entity) -> list[Change]:
        return list(Change.objects.filter(user=user, entity=entity, op="delete"))

    social.leave_group(carol, group=trip)
    [gone] = deletes(carol, "group_balances")
    assert (gone.object_id, gone.data) == (trip.pk, {"id": str(trip.pk)})  # only the id: not the group's next state
    assert deletes(bob, "group_balances") == []
    social.leave_group(bob, group=trip)
    friendship = social.befriend(bob, other=carol)  # already friends: the friendship as it is
    social.remove_friend(bob, friend_id=carol.pk)
    for user in (bob, carol):
        [gone] = deletes(user, "friend_balance")
        assert gone.object_id == friendship.pk
        positions = client_for(user).get("/api/sync/snapshot").json()["entities"]["friend_balance"]
        assert str(friendship.pk) not in {p["id"] for p in positions}
