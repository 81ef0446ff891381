"""Invoice financing: fundings per second and latency over HTTP on daphne.

1. one hot invoice: every client funds the same listing (all serialised on its row lock);
2. spread: each funding picks one of 1,000 listings at random.

Seeding is bulk (users, wallets' demo credit through the action, listed invoices with their
escrow accounts); every measured request is a real `POST /api/invoicing/invoices/{id}/fund`
with a Bearer token, through daphne. Run: python bench/bench_invoicing.py [--quick]
"""

from __future__ import annotations

import http.client
import json
import os
import random
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import daphne, quick, setup_django, summary_ms  # noqa: E402

QUICK = quick()
INVESTORS = 20 if QUICK else 40
CLIENTS = 4 if QUICK else 8
REQUESTS = 120 if QUICK else 600
SPREAD_INVOICES = 1000


def seed():
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from rest_framework_simplejwt.tokens import AccessToken

    from invoicing import actions, pricing
    from invoicing.models import Account, AccountKind, Invoice, InvoiceStatus
    from social.models import Profile, User

    password = make_password("bench-password-0123")
    users = User.objects.bulk_create(
        [User(email=f"user{i}@bench.example", name=f"User {i}", password=password) for i in range(INVESTORS + 1)]
    )
    Profile.objects.bulk_create([Profile(user=u, display_name=u.name) for u in users])
    seller, investors = users[0], users[1:]
    for user in users:
        actions.ensure_wallet(user, currency="INR")
    for user in investors:
        actions.top_up_wallet(user, amount=Decimal("10000000.00"), currency="INR")

    today = timezone.localdate()
    now = timezone.now()

    def listed(number: str, face: Decimal) -> Invoice:
        days = 60
        return Invoice(
            seller=seller, buyer_name="Bench Buyer Ltd", buyer_gstin="27AAPFU0939F1ZV", number=number,
            face_amount=face, currency="INR", issue_date=today - timedelta(days=1),
            due_date=today + timedelta(days=days), discount_rate=Decimal("12"), min_ticket=Decimal("100.00"),
            status=InvoiceStatus.LISTED, advance_amount=pricing.advance_for(face, "INR", Decimal("12"), days),
            priced_days=days, listed_at=now,
        )

    hot = listed("HOT-1", Decimal("1000000000.00"))
    spread = [listed(f"SPREAD-{i:04d}", Decimal("50000000.00")) for i in range(SPREAD_INVOICES)]
    Invoice.objects.bulk_create([hot, *spread])
    Account.objects.bulk_create(
        [Account(kind=AccountKind.ESCROW, invoice=inv, currency="INR") for inv in [hot, *spread]]
    )
    tokens = [str(AccessToken.for_user(u)) for u in investors]
    return str(hot.pk), [str(inv.pk) for inv in spread], tokens


def run(base: str, label: str, pick_invoice, tokens: list[str], requests: int = REQUESTS) -> None:
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    per_client = max(1, requests // CLIENTS)

    def client(n: int) -> None:
        rng = random.Random(n)
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        mine: list[float] = []
        seen: dict[int, int] = {}
        for _ in range(per_client):
            token = rng.choice(tokens)
            body = json.dumps({"amount": "100.00"})
            started = time.perf_counter()
            conn.request("POST", f"/api/invoicing/invoices/{pick_invoice(rng)}/fund", body=body,
                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            seen[response.status] = seen.get(response.status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for code, count in seen.items():
                statuses[code] = statuses.get(code, 0) + count

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    ok = statuses.get(201, 0)
    print(f"{label}: {ok} fundings in {elapsed:.1f}s = {ok / elapsed:.0f} fundings/s "
          f"({CLIENTS} clients, statuses {dict(sorted(statuses.items()))})")
    print(f"  latency {summary_ms(latencies)}")


def main() -> None:
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    setup_django("hisaab_bench_invoicing")
    hot, spread, tokens = seed()
    from django.db import connection

    connection.close()
    print(f"seeded {INVESTORS} investors, 1 hot invoice and {SPREAD_INVOICES} spread invoices; "
          f"every listing is visible to all {INVESTORS + 1} users, so each funding writes "
          f"{INVESTORS + 1} change-feed rows")
    with daphne() as base:
        run(base, "warm-up", lambda rng: hot, tokens[:2], requests=4 * CLIENTS)  # first requests pay for imports
        run(base, "hot invoice", lambda rng: hot, tokens)
        run(base, f"spread over {SPREAD_INVOICES} invoices", lambda rng: rng.choice(spread), tokens)
    from django.db.models import F

    from invoicing.models import Account, AccountKind, Invoice

    total = sum(a.balance for a in Account.objects.all())
    over = Invoice.objects.filter(funded_amount__gt=F("advance_amount")).count()
    negative = Account.objects.exclude(kind=AccountKind.TREASURY).filter(balance__lt=0).count()
    print(f"after: sum of all balances = {total} (0 expected); over-funded listings = {over}; "
          f"negative wallets = {negative}")

if __name__ == "__main__":
    main()
