"""Every read path gives each user what the API gives (issue 15's generated test, over every
entity registered with the change feed).

For each registered entity that devices keep (the snapshot's) and each demo user, the ids the
user receives through `/api/sync/snapshot` and through `/api/sync/changes` (replayed from 0:
upserts add, deletes drop) are exactly the ids the API's list routes let that user read. The
khata entities (owner, manager, clerk, outsider) and the marketplace's (seller, investor,
outsider) are compared field by field in their own tests, whose API_READERS this test takes;
an entity registered with no reader anywhere fails here, so a new entity or route cannot
skip the check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from realtime.registry import entities
from social.models import User
from tests.helpers import client_for, replay_feed
from tests.invoicing.test_read_paths import API_READERS as INVOICING_READERS
from tests.ledger.khata.test_role_equivalence import API_READERS as KHATA_READERS

pytestmark = pytest.mark.django_db


def _page(client, url: str) -> Any:
    r = client.get(url + ("&" if "?" in url else "?") + "limit=500")
    assert r.status_code == 200, (url, r.status_code, r.content[:300])
    return r.json()


def _list(client, url: str) -> list[dict]:
    body = _page(client, url)
    if isinstance(body, list):
        return body
    assert body.get("next") is None, "the world is larger than one page"
    return body["results"]


def _each(parent: str, child: Callable[[dict], str]) -> Callable[[Any], list[dict]]:
    return lambda client: [o for p in _list(client, parent) for o in _list(client, child(p))]


def _group_recurring(client) -> list[dict]:
    return [o for g in _list(client, "/api/groups") for o in _list(client, f"/api/groups/{g['id']}/recurring")]


def _finance_settings(client) -> list[dict]:
    return [_page(client, "/api/finance/settings")]


# The API's readers of each social, finance and realtime entity: the union of its list routes.
# A reader gives objects whose "id" is the entity's id, except `friend` (below).
API_READERS: dict[str, Callable[[Any], list[dict]]] = {
    "group": lambda c: _list(c, "/api/groups"),
    "expense": lambda c: _list(c, "/api/expenses"),
    "comment": _each("/api/expenses", lambda e: f"/api/expenses/{e['id']}/comments"),
    "receipt": _each("/api/expenses", lambda e: f"/api/expenses/{e['id']}/receipts"),
    "settlement": lambda c: _list(c, "/api/settlements"),
    "iou": lambda c: _list(c, "/api/ious"),
    "iou_payment": _each("/api/ious", lambda i: f"/api/ious/{i['id']}/payments"),
    "recurring_expense": _group_recurring,
    "friend": lambda c: _list(c, "/api/friends"),
    "invite": lambda c: _list(c, "/api/invites"),
    "notification": lambda c: _list(c, "/api/notifications"),
    "finance_account": lambda c: _list(c, "/api/finance/accounts"),
    "finance_category": lambda c: _list(c, "/api/finance/categories"),
    "finance_transaction": lambda c: _list(c, "/api/finance/transactions"),
    "finance_budget": lambda c: _list(c, "/api/finance/budgets"),
    "finance_budget_alert": lambda c: _list(c, "/api/finance/budget-alerts"),
    "finance_bill": lambda c: _list(c, "/api/finance/bills"),
    "finance_recurring": lambda c: _list(c, "/api/finance/recurring"),
    "finance_settings": _finance_settings,
    "finance_rule": lambda c: _list(c, "/api/finance/rules"),
    "finance_receipt": _each("/api/finance/transactions", lambda t: f"/api/finance/transactions/{t['id']}/receipts"),
}
# Registered, kept by devices, and with no list route in the API: say why, or add one.
NO_API_LIST: dict[str, str] = {}


def _key(entity: str, obj: dict, me: str) -> str:
    """What identifies the object across paths: the friend's user id for a friendship (the
    API lists people, the feed the friendship row), the id otherwise."""
    if entity == "friend":
        return obj["user"] if "user" in obj else next(u for u in obj["users"] if u != me)
    return obj["id"]


def kept_entities() -> list[str]:
    return sorted(e.name for e in entities() if not e.event)


def test_every_registered_entity_has_an_api_reader_somewhere():
    covered = set(API_READERS) | set(KHATA_READERS) | set(INVOICING_READERS) | set(NO_API_LIST)
    missing = sorted(set(kept_entities()) - covered)
    assert not missing, f"add an API reader for {missing} (or say in NO_API_LIST why there is none)"
    assert not (set(API_READERS) & set(NO_API_LIST))


def _more_of_everything(users: dict[str, User]) -> None:
    """What the demo world lacks: an invite, a comment and a receipt, an IOU repayment, a recurring
    expense, a budget alert, a categorisation rule and a transaction's receipt (alice's),
    each seen by some users and not others."""
    import datetime as dt
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from ledger.finance import actions as finance
    from ledger.finance.models import Account
    from social import actions as social
    from social.models import IOU, Expense

    alice, bob = users["alice"], users["bob"]
    expense = Expense.objects.filter(deleted_at=None, group__isnull=False, group__members=alice).first()
    social.add_comment(alice, expense=expense, text="Paid in cash")
    social.create_invite(alice, purpose="friend")
    def jpeg():
        return SimpleUploadedFile("bill.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200 + b"\xff\xd9")

    social.attach_receipt(alice, expense=expense, upload=jpeg())
    members = [m.pk for m in expense.group.members.all()]
    social.create_recurring_expense(
        alice, group=expense.group, description="Rent", amount=Decimal("3000.00"), currency=expense.currency,
        paid_by=[{"user": alice.pk, "amount": Decimal("3000.00")}], split={"method": "equal", "between": members},
        repeat="monthly", start_date=dt.date.today() + dt.timedelta(days=3))
    iou = IOU.objects.filter(friend__isnull=False, deleted_at=None, settled=False).first()
    social.record_iou_payment(User.objects.get(pk=iou.borrower_id), iou=iou, amount=Decimal("1"))
    account = Account.objects.filter(owner=alice, deleted_at=None, currency="INR").first()
    finance.create_budget(alice, name="Tiny", amount=Decimal("10"), currency="INR")
    finance.create_rule(alice, name="Tea", payee_contains="chai", set_payee="Chai stall")
    txn = finance.record_transaction(alice, account_id=account.pk, direction="expense", amount=Decimal("50"),
                                     date=dt.date.today())
    finance.attach_transaction_receipt(alice, transaction=txn, upload=jpeg())
    assert bob  # bob's share of the world is the demo's


def test_snapshot_and_changes_give_each_demo_user_the_ids_the_api_does():
    call_command("seed_demo", verbosity=0)
    _more_of_everything({u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@example.com")})
    readers = {**API_READERS, **KHATA_READERS, **INVOICING_READERS}
    failures, sizes = [], {}
    for user in User.objects.filter(email__in=[f"{h}@example.com" for h in ("alice", "bob", "carol", "dave")]):
        client = client_for(user)
        me = str(user.pk)
        api = {name: {_key(name, o, me) for o in readers[name](client)} for name in kept_entities()
               if name in readers}  # first: reading a wallet may make one
        feed = replay_feed(client)
        snap = client.get("/api/sync/snapshot").json()["entities"]
        for name, ids in api.items():
            sizes[(user.email, name)] = len(ids)
            for path, got in (("snapshot", {_key(name, o, me) for o in snap.get(name, [])}),
                              ("changes", {_key(name, o, me) for o in feed.get(name, {}).values()})):
                if got != ids:
                    failures.append((user.email, name, path, "extra", sorted(got - ids), "missing", sorted(ids - got)))
    assert not failures, failures
    # Not vacuous: the demo world gives every entity to someone.
    empty = sorted(name for name in API_READERS if not any(n for (_, e), n in sizes.items() if e == name))
    assert not empty, f"the demo world has no {empty}"
