"""Khata benchmark: a business with 2,000 parties and 200,000 gave/got entries.

Seeding is bulk (bulk_create, then the stored balances recomputed in one SQL statement and
a sample checked against selectors.recomputed_totals). Measured over HTTP on daphne:
- party list with balances, first page (p50 target <= 50 ms);
- one party's statement of 1,000 movements (p50 target <= 50 ms);
- entry creation through the API (sequential latency and throughput with 4 clients).

`--quick`: 200 parties and 20,000 entries.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import random
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import daphne, quick, setup_django, summary_ms  # noqa: E402

PARTIES = 200 if quick() else 2000
ENTRIES = 20_000 if quick() else 200_000
STATEMENT_MOVEMENTS = 1000
ROUNDS = 40 if quick() else 200


def seed():
    from django.db import connection

    from ledger.khata import actions, selectors
    from ledger.khata.models import Entry, Party
    from social.actions import register_user

    owner = register_user(email="owner@example.com", password="bench-password-123456", name="Owner")
    shop = actions.create_business(owner, name="Bench Kirana", state_code="27")
    rng = random.Random(7)
    t0 = time.perf_counter()
    parties = Party.objects.bulk_create(
        [
            Party(business=shop, kind="customer" if i % 5 else "supplier", name=f"Party {i:05d}",
                  phone=f"+9198{i:08d}", opening_balance=ob, balance=ob)
            for i, ob in enumerate(Decimal(rng.randint(-500, 500)) for _ in range(PARTIES))
        ],
        batch_size=2000,
    )
    start = dt.date(2025, 1, 1)
    batch: list[Entry] = []
    for n in range(ENTRIES):
        party = parties[0] if n < STATEMENT_MOVEMENTS else parties[1 + (n - STATEMENT_MOVEMENTS) % (PARTIES - 1)]
        batch.append(
            Entry(business=shop, party=party, kind="gave" if rng.random() < 0.55 else "got",
                  amount=Decimal(rng.randint(100, 500_000)) / 100, date=start + dt.timedelta(days=rng.randint(0, 600)),
                  mode="upi", created_by=owner)
        )
        if len(batch) == 10_000:
            Entry.objects.bulk_create(batch)
            batch = []
    if batch:
        Entry.objects.bulk_create(batch)
    # The stored running balances, recomputed from the rows in one statement.
    with connection.cursor() as cur:
        cur.execute(
            """
            UPDATE khata_party p
               SET debits = s.gave, credits = s.got, balance = p.opening_balance + s.gave - s.got
              FROM (SELECT party_id,
                           COALESCE(SUM(amount) FILTER (WHERE kind = 'gave'), 0) AS gave,
                           COALESCE(SUM(amount) FILTER (WHERE kind = 'got'), 0) AS got
                      FROM khata_entry WHERE deleted_at IS NULL GROUP BY party_id) s
             WHERE p.id = s.party_id
            """
        )
        cur.execute("ANALYZE")
    seeded = time.perf_counter() - t0
    sample = rng.sample(list(Party.objects.filter(business=shop)), 25)
    ok = all(selectors.recomputed_totals(p) == (p.debits, p.credits, p.balance) for p in sample)
    print(f"seeded {PARTIES} parties and {ENTRIES} entries in {seeded:.1f}s; sample of 25 balances "
          f"recomputed {'OK' if ok else 'MISMATCH'}", flush=True)
    return owner, shop, parties


class Client:
    def __init__(self, base: str, token: str):
        host, port = base.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes, float]:
        t = time.perf_counter()
        self.conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=self.headers)
        resp = self.conn.getresponse()
        data = resp.read()
        return resp.status, data, time.perf_counter() - t


def measure(client: Client, path: str, rounds: int) -> list[float]:
    for _ in range(5):
        client.call("GET", path)  # warm up
    samples = []
    for _ in range(rounds):
        status, data, took = client.call("GET", path)
        assert status == 200, data[:300]
        samples.append(took)
    return samples


def main() -> None:
    setup_django("hisaab_bench_khata")
    from rest_framework_simplejwt.tokens import AccessToken

    owner, shop, parties = seed()
    token = str(AccessToken.for_user(owner))
    with daphne() as base:
        client = Client(base, token)
        list_path = f"/api/khata/businesses/{shop.id}/parties"
        samples = measure(client, list_path, ROUNDS)
        first = json.loads(client.call("GET", list_path)[1])
        print(f"party list with balances, first page ({len(first['results'])} of {first['count']}): "
              f"{summary_ms(samples)}", flush=True)
        stmt_path = f"/api/khata/parties/{parties[0].id}/statement"
        samples = measure(client, stmt_path, ROUNDS)
        stmt = json.loads(client.call("GET", stmt_path)[1])
        print(f"party statement ({len(stmt['movements'])} movements): {summary_ms(samples)}", flush=True)

        entry_path = f"/api/khata/businesses/{shop.id}/entries"
        n = 100 if quick() else 400
        samples = []
        t0 = time.perf_counter()
        for i in range(n):
            status, data, took = client.call("POST", entry_path, {
                "party": str(parties[1 + i % (len(parties) - 1)].id), "kind": "gave", "amount": "10.00"})
            assert status == 201, data[:300]
            samples.append(took)
        wall = time.perf_counter() - t0
        print(f"entry creation, 1 client: {summary_ms(samples)}; {n / wall:.0f} entries/s", flush=True)

        per_client = n // 4
        done: list[float] = []
        failed: list[int] = []

        def worker(k: int) -> None:
            c = Client(base, token)
            for i in range(per_client):
                status, data, took = c.call("POST", entry_path, {
                    "party": str(parties[1 + (k * per_client + i) % (len(parties) - 1)].id), "kind": "got",
                    "amount": "1.00"})
                if status != 201:  # e.g. the shared server out of connections: counted, not fatal
                    failed.append(status)
                    continue
                done.append(took)

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        print(f"entry creation, 4 clients: {summary_ms(done)}; {len(done) / wall:.0f} entries/s"
              + (f"; {len(failed)} failed ({sorted(set(failed))})" if failed else ""), flush=True)
        from ledger.khata import selectors
        from ledger.khata.models import Party

        checked = [Party.objects.get(pk=p.id) for p in parties[1:50]]
        ok = all(selectors.recomputed_totals(p) == (p.debits, p.credits, p.balance) for p in checked)
        print(f"after the API writes, 49 balances recomputed {'OK' if ok else 'MISMATCH'}", flush=True)


if __name__ == "__main__":
    main()
