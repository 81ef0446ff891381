"""Deployment smoke test: the production layout (gunicorn, daphne, a Celery worker and TWO
beats from deploy/Procfile, nginx in front) with the schedule compressed by one setting
(BEAT_EVERY_SECONDS: every job every 2 s). Seen through the API and a socket opened through
nginx: a bill-due reminder, a budget threshold caught by the sweep, a recurring transaction
materialised, a khata payment reminder and an invoice marked overdue — each exactly once,
although the two beats send every job many times.

The data is made through the actions beforehand; where a job needs the calendar to have moved
(an occurrence that is due, a funded invoice past its due date), the date is moved back in
the database, as the passing of time would."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import Counter
from decimal import Decimal

import pytest
import redis
import requests
from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone
from websockets.asyncio.client import connect

from config.beat import BEAT_SCHEDULE
from tests.conftest import PASSWORD
from tests.deploy.conftest import production
from tests.resilience.procs import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _arrange(alice, bob) -> dict:
    from invoicing import actions as invoicing
    from invoicing.models import Invoice
    from ledger.finance import actions as finance
    from ledger.finance.dates import today_for
    from ledger.finance.models import Category, Recurring, Transaction
    from ledger.khata import actions as khata
    from realtime.models import Stream
    from tests.invoicing.conftest import make_listed

    today = today_for(alice)
    finance.ensure_finance(alice)
    account = finance.create_account(alice, name="Savings", kind="bank", currency="INR", opening_balance=Decimal("1000"))
    bill = finance.create_bill(alice, name="Rent", amount=Decimal("500.00"), due_date=today, currency="INR")
    groceries = Category.objects.get(owner=alice, name="Groceries", deleted_at__isnull=True)
    budget = finance.create_budget(alice, name="Food", amount=Decimal("100"), category_id=groceries.id)
    # As an import or a data fix would: spending written without the recording path, so
    # only the sweep can see the threshold crossed.
    Transaction.objects.create(owner=alice, account=account, direction="expense", amount=Decimal("95"), currency="INR",
                               date=today, category=groceries)
    recurring = finance.create_recurring(alice, account_id=account.id, direction="income", amount=Decimal("250.00"),
                                         repeat="monthly", start_date=today + dt.timedelta(days=1), payee="Salary")
    Recurring.objects.filter(pk=recurring.pk).update(start_date=today, next_date=today)  # midnight passed

    shop = khata.create_business(alice, name="Sharma Kirana", state_code="27", upi_id="sharma@upi",
                                 time_zone=_zone_in_shop_hours())
    customer = khata.create_party(alice, business=shop, kind="customer", name="Ramesh", state_code="27")
    khata.record_entry(alice, business=shop, party_id=customer.id, kind="gave", amount=Decimal("1250.50"),
                       date=timezone.localdate() - dt.timedelta(days=30))

    invoice = make_listed(alice)
    invoicing.fund_invoice(bob, invoice_id=invoice.pk, amount=invoice.advance_amount)
    Invoice.objects.filter(pk=invoice.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))  # due passed
    return {"bill": str(bill.id), "budget": str(budget.id), "recurring": str(recurring.id),
            "party": str(customer.id), "invoice": str(invoice.pk),
            "head": Stream.objects.get(user=alice).head}


def _zone_in_shop_hours() -> str:
    """A zone whose clock is now well inside REMIND_HOURS (a shop is reminded only in its
    day): the test runs at any hour of the server's."""
    from zoneinfo import ZoneInfo

    from ledger.khata.actions.reminders import REMIND_HOURS

    now = timezone.now()
    zones = ("Asia/Kolkata", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Tokyo",
             "Pacific/Auckland", "Pacific/Honolulu", "Europe/Moscow", "America/Sao_Paulo")
    return next(z for z in zones if REMIND_HOURS.start + 1 <= now.astimezone(ZoneInfo(z)).hour < REMIND_HOURS.stop - 1)


def _beats_sent_every_job(beats, times: int) -> bool:
    return all(beat.output(tail=None).count(f"Sending due task {name} ") >= times
               for beat in beats for name in BEAT_SCHEDULE)


def _api(base: str, token: str, path: str) -> dict:
    response = requests.get(f"{base}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


async def test_every_periodic_job_acts_once_with_two_beats_through_the_deployed_layout(alice, bob):
    made = await sync_to_async(_arrange)(alice, bob)
    frames: list[dict] = []
    with production(beats=2, BEAT_EVERY_SECONDS="2") as (nginx, procs):
        base = nginx.url
        beats = [p for p in procs if p.name.startswith("beat-")]
        login = await sync_to_async(requests.post)(f"{base}/api/auth/login",
                                                   json={"email": alice.email, "password": PASSWORD}, timeout=10)
        token = login.json()["access"]
        async with connect(f"{nginx.ws_url}?token={token}", max_size=2**22) as ws:
            assert json.loads(await ws.recv())["type"] == "hello"
            await ws.send(json.dumps({"type": "resume", "cursor": made["head"]}))

            async def collect() -> None:
                while True:
                    frame = json.loads(await ws.recv())
                    if frame["type"] == "change":
                        frames.append(frame)

            collector = asyncio.ensure_future(collect())
            try:
                # Each beat sends every job 4 times; the worker drains what they sent.
                await sync_to_async(wait_until)(lambda: _beats_sent_every_job(beats, 4), timeout=120, interval=0.5,
                                                message="every job sent 4 times by each beat", logs=tuple(procs))
                queue = redis.Redis.from_url(settings.CELERY_BROKER_URL)
                await sync_to_async(wait_until)(lambda: queue.llen("celery") == 0, timeout=60, message="queue drained",
                                                logs=tuple(procs))
                await asyncio.sleep(3)  # the last tasks taken finish, their changes arrive
            finally:
                collector.cancel()
        for proc in procs:
            assert proc.alive(), proc.output()

        notes = await sync_to_async(_api)(base, token, "/api/notifications?limit=200")
        kinds = Counter(n["kind"] for n in notes["results"])
        assert kinds["bill.due_soon"] == 1, kinds
        assert kinds["budget.threshold_crossed"] == 1, kinds
        assert kinds["khata.reminder"] == 1, kinds
        txns = await sync_to_async(_api)(base, token, "/api/finance/transactions?limit=200")
        assert [t["source"] for t in txns["results"]].count("recurring") == 1
        invoice = await sync_to_async(_api)(base, token, f"/api/invoicing/invoices/{made['invoice']}")
        assert invoice["status"] == "overdue"

    # The socket saw each effect once (the beats sent each job at least 8 times).
    seen = Counter()
    for frame in frames:
        if frame["entity"] == "notification" and frame["event"] == "notification.created":
            seen["notification " + frame["data"]["kind"]] += 1
        elif frame["entity"] == "finance_transaction" and frame["data"].get("source") == "recurring":
            seen["recurring transaction"] += 1
        elif frame["event"] in {"invoice.overdue", "khata.reminder.created", "budget.threshold_crossed"}:
            seen[frame["event"]] += 1
    assert seen["notification bill.due_soon"] == 1, seen
    assert seen["budget.threshold_crossed"] == 1 and seen["notification budget.threshold_crossed"] == 1, seen
    assert seen["khata.reminder.created"] == 1 and seen["notification khata.reminder"] == 1, seen
    assert seen["recurring transaction"] == 1, seen
    assert seen["invoice.overdue"] == 1 and seen["notification invoice.overdue"] == 1, seen
