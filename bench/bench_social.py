"""Shared expenses: a group of 10, 5,000 then 100,000 expenses.

Measured through HTTP on loopback, for Hisaab as deployed (gunicorn with
deploy/gunicorn.conf.py, PostgreSQL, change feed written for all 10 members) and, side by side
in the same run, ihatemoney 7.2.1 (gunicorn -w 1, SQLite, its own virtualenv: IHM_VENV, default
var/ihatemoney-venv, made if missing):

- expense creation: sequential POSTs, latency percentiles and throughput;
- balances + settle-up: Hisaab's GET /api/groups/{id}/balances (both in one response) against
  ihatemoney's GET /api/projects/{id}/statistics plus its settle-up plan
  (/{project}/export/transactions.json).

The bulk of each size is seeded with bulk inserts that write the same rows the actions write
(expenses, shares, activity, change-feed rows for every member, stream heads; balance totals
rebuilt from the shares by GROUP BY) and, for ihatemoney, bills and their owers in its SQLite.
Run: python bench/bench_social.py [--quick]   (SOCIAL_DATABASE: the database's name;
SOCIAL_SIZES=5000,20000: other sizes; SOCIAL_HTTP=daphne: Hisaab on daphne instead)
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import http.client
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, free_port, percentile, quick, setup_django, summary_ms  # noqa: E402

QUICK = quick()
SIZES = [int(n) for n in os.environ["SOCIAL_SIZES"].split(",")] if os.environ.get("SOCIAL_SIZES") else (
    [500, 2_000] if QUICK else [5_000, 100_000]
)
CREATES = 60 if QUICK else 300
READS = 20 if QUICK else 100
PEER_READS = {500: 5, 2_000: 5, 5_000: 10, 100_000: 3}
MEMBERS = 10
IHM_VERSION = "7.2.1"
VAR = ROOT / "var"


# --- HTTP -----------------------------------------------------------------------------------


class Client:
    """A keep-alive HTTP/1.1 client (the same one for both servers)."""

    def __init__(self, base: str, headers: dict[str, str] | None = None) -> None:
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
        self.headers = headers or {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        try:
            return self._timed(method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionError):
            # The server closed an idle keep-alive connection: reconnect, and time the retry only.
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
            self.conn.connect()
            return self._timed(method, path, body, headers)

    def _timed(self, method: str, path: str, body: bytes | None, headers: dict | None):
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers={**self.headers, **(headers or {})})
        response = self.conn.getresponse()
        data = response.read()
        return time.perf_counter() - started, response, data


# --- ihatemoney -----------------------------------------------------------------------------


def peer_python() -> Path:
    venv = Path(os.environ.get("IHM_VENV", VAR / "ihatemoney-venv"))
    python = venv / "bin" / "python"
    check = [str(python), "-c", f"import ihatemoney, gunicorn, importlib.metadata as m; assert m.version('ihatemoney') == '{IHM_VERSION}'"]
    if python.exists() and subprocess.call(check, stderr=subprocess.DEVNULL) == 0:
        return python
    print(f"installing ihatemoney {IHM_VERSION} into {venv} …", flush=True)
    VAR.mkdir(exist_ok=True)
    subprocess.check_call([sys.executable, "-m", "venv", str(venv)])
    subprocess.check_call([str(python), "-m", "pip", "install", "-q", f"ihatemoney=={IHM_VERSION}", "gunicorn"])
    return python


class Peer:
    def __init__(self) -> None:
        self.python = peer_python()
        self.dir = VAR / "bench-ihatemoney"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db = self.dir / "ihatemoney.db"
        if self.db.exists():
            self.db.unlink()
        self.settings = self.dir / "settings.cfg"
        self.settings.write_text(
            f'SQLALCHEMY_DATABASE_URI = "sqlite:///{self.db}"\n'
            "SQLALCHEMY_TRACK_MODIFICATIONS = False\nSECRET_KEY = 'bench-only'\nMAIL_SUPPRESS_SEND = True\n"
            "MAIL_DEFAULT_SENDER = ('Bench', 'bench@example.com')\nENABLE_CAPTCHA = False\n"
            "RATELIMIT_ENABLED = False\nACTIVATE_DEMO_PROJECT = False\nALLOW_PUBLIC_PROJECT_CREATION = True\n"
            "ACTIVATE_ADMIN_DASHBOARD = False\nSESSION_COOKIE_SECURE = False\n"
        )
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(self.python), "-m", "gunicorn", "-w", "1", "--timeout", "900", "-b", f"127.0.0.1:{self.port}",
             "ihatemoney.wsgi:application"],  # its reads take minutes at 100,000 bills: no 30 s kill
            env=dict(os.environ, IHATEMONEY_SETTINGS_FILE_PATH=str(self.settings)), cwd=self.dir,
            stdout=subprocess.DEVNULL, stderr=open(self.dir / "gunicorn.log", "w"),  # noqa: SIM115
        )
        deadline = time.time() + 60
        while True:
            try:
                Client(self.base).request("GET", "/api/currencies")
                break
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError((self.dir / "gunicorn.log").read_text()[-2000:])
                time.sleep(0.3)
        self.project, self.password = "bench", "bench-code"
        form = "name=Bench&id=bench&password=bench-code&contact_email=bench%40example.com&default_currency=XXX"
        _, response, data = Client(self.base).request("POST", "/api/projects", form.encode(),
                                                      {"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status == 201, data
        auth = base64.b64encode(f"{self.project}:{self.password}".encode()).decode()
        self.api = Client(self.base, {"Authorization": f"Basic {auth}"})
        self.members = []
        for i in range(MEMBERS):
            _, response, data = self.api.request("POST", f"/api/projects/{self.project}/members", f"name=m{i}".encode(),
                                                 {"Content-Type": "application/x-www-form-urlencoded"})
            self.members.append(int(json.loads(data)))
        _, _, data = self.api.request("GET", f"/api/projects/{self.project}/token")
        token = json.loads(data)["token"]
        web = Client(self.base)
        _, response, _ = web.request("GET", f"/{self.project}/join/{token}")
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        self.web = Client(self.base, {"Cookie": cookie})

    def seed(self, count: int, rng: random.Random) -> None:
        conn = sqlite3.connect(self.db)
        cur = conn.cursor()
        start = cur.execute("SELECT COALESCE(MAX(id), 0) FROM bill").fetchone()[0]
        bills, owers = [], []
        today = datetime.date(2026, 11, 21).isoformat()
        for i in range(count):
            bill_id = start + i + 1
            bills.append((bill_id, rng.choice(self.members), rng.randint(100, 500000) / 100, today, today,
                          f"seed {bill_id}", "EXPENSE", "", "XXX", None))
            owers.extend((bill_id, m) for m in self.members)
        cur.executemany("INSERT INTO bill (id, payer_id, amount, date, creation_date, what, bill_type, external_link, "
                        "original_currency, converted_amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", bills)
        cur.execute("UPDATE bill SET converted_amount = amount WHERE converted_amount IS NULL")
        cur.executemany("INSERT INTO billowers (bill_id, person_id) VALUES (?, ?)", owers)
        conn.commit()
        conn.close()

    def create(self, i: int, rng: random.Random) -> float:
        owers = "&".join(f"payed_for={m}" for m in self.members)
        form = f"date=2026-11-21&what=bench+{i}&payer={rng.choice(self.members)}&amount={rng.randint(100, 500000) / 100}&{owers}"
        elapsed, response, data = self.api.request("POST", f"/api/projects/{self.project}/bills", form.encode(),
                                                   {"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status == 201, data[:300]
        return elapsed

    def balances_and_settle(self) -> float:
        a, response, data = self.api.request("GET", f"/api/projects/{self.project}/statistics")
        assert response.status == 200, data[:300]
        b, response, data = self.web.request("GET", f"/{self.project}/export/transactions.json")
        assert response.status == 200, data[:300]
        return a + b

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


# --- Hisaab ---------------------------------------------------------------------------------


def make_group():
    from social import actions

    users = [
        actions.register_user(email=f"m{i}@bench.example", password="bench-password-0123", name=f"Member {i}")
        for i in range(MEMBERS)
    ]
    for other in users[1:]:
        actions.befriend(users[0], other=other)
    group = actions.create_group(users[0], name="Bench trip", currency="INR", members=[u.pk for u in users[1:]])
    return users, group


def seed_hisaab(group, users, count: int, rng: random.Random) -> None:
    """Bulk rows identical to what record_expense writes (serialized by the same ExpenseOut)."""
    from django.db import connection
    from django.utils import timezone

    from config import money
    from realtime.feed import action
    from realtime.models import Stream
    from social import balances
    from social.api.serializers import ExpenseOut
    from social.models import Expense, Share
    from social.splits import nets, pair_deltas

    ids = sorted(u.pk for u in users)
    names = {u.pk: str(u) for u in users}
    heads = {s.user_id: s.head for s in Stream.objects.filter(user_id__in=ids)}
    pairs: dict = {}
    now = timezone.now()
    day = datetime.date(2026, 11, 21)
    split_json = json.dumps({"between": [str(u) for u in ids]})
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for chunk_start in range(0, count, 5_000):
            n = min(5_000, count - chunk_start)
            expenses, shares, activity, changes = [], [], [], []
            for _ in range(n):
                payer = rng.choice(ids)
                amount = Decimal(rng.randint(100, 500000)) / 100
                owed = money.allocate(amount, "INR", {u: 1 for u in ids})
                paid = {payer: amount}
                entry = nets(paid, owed)
                for key, value in pair_deltas(entry).items():
                    pairs[key] = pairs.get(key, Decimal(0)) + value
                expense = Expense(id=uuid.uuid4(), group=group, created_by_id=payer, description="Seeded", amount=amount,
                                  currency="INR", date=day, category="", notes="", split_method="equal",
                                  split=json.loads(split_json), created_at=now, updated_at=now)
                rows = [Share(expense=expense, group_id=group.pk, user_id=u, currency="INR", paid=paid.get(u, 0),
                              owed=owed[u], net=entry[u], live=True) for u in ids]
                expense._prefetched_objects_cache = {"shares": rows}
                data = json.dumps(ExpenseOut(expense).data)
                expenses.append((expense.id, 1, now, now, None, group.pk, payer, "Seeded", amount, "INR", day, "", "",
                                 "equal", split_json))
                shares.extend((expense.id, None, group.pk, s.user_id, "INR", s.paid, s.owed, s.net, True) for s in rows)
                activity.append((group.pk, payer, "expense.created", "expense", expense.id,
                                 f"{names[payer]} added 'Seeded' ({amount} INR)", "{}", now))
                for u in ids:
                    heads[u] = heads.get(u, 0) + 1
                    changes.append((u, heads[u], "expense.created", "expense", "upsert", expense.id, 1, data, now))
            _copy(raw, "social_expense (id, version, created_at, updated_at, deleted_at, group_id, created_by_id, "
                       "description, amount, currency, date, category, notes, split_method, split)", expenses)
            _copy(raw, "social_share (expense_id, settlement_id, group_id, user_id, currency, paid, owed, net, live)", shares)
            _copy(raw, "social_activity (group_id, actor_id, verb, entity, object_id, summary, changes, at)", activity)
            _copy(raw, "realtime_change (user_id, seq, event, entity, op, object_id, version, data, at)", changes)
    Stream.objects.bulk_create([Stream(user_id=u, head=h) for u, h in heads.items()], update_conflicts=True,
                               unique_fields=["user"], update_fields=["head"])
    balances.rebuild_group_totals([group.pk])
    # Pair balances move inside an action (their changes go to the friends' feeds).
    action(balances.add_pairs)(scope=group.pk, currency="INR", deltas=pairs)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _copy(raw, target: str, rows: list[tuple]) -> None:
    with raw.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@contextlib.contextmanager
def serve():
    """Hisaab's HTTP as deployed (gunicorn, deploy/gunicorn.conf.py), or daphne with
    SOCIAL_HTTP=daphne; its output goes to a file (an undrained pipe would stall it)."""
    port = free_port()
    log = open(VAR / "bench-social-server.log", "w")  # noqa: SIM115 - closed below
    if os.environ.get("SOCIAL_HTTP") == "daphne":
        # Under ASGI each request runs in its own thread, so persistent connections pile up
        # (one per recent request) until PostgreSQL refuses clients: none kept there.
        argv = [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"]
        env = dict(os.environ, CONN_MAX_AGE="0")
    else:
        argv = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
                "config.wsgi:application"]
        env = dict(os.environ, DB_POOL_SIZE="4")
    proc = subprocess.Popen(argv, cwd=ROOT, env=dict(env, DEBUG="0", LOG_LEVEL="ERROR"), stdout=log,
                            stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 30
        while True:
            try:
                Client(f"http://127.0.0.1:{port}").request("GET", "/healthz")
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError((VAR / "bench-social-server.log").read_text()[-2000:])
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


# --- the run --------------------------------------------------------------------------------


def hisaab_create(api: Client, group, users, i: int, rng: random.Random) -> float:
    payer = rng.choice(users)
    amount = f"{rng.randint(100, 500000) / 100:.2f}"
    body = {"group": str(group.pk), "description": f"bench {i}", "amount": amount, "currency": "INR",
            "date": "2026-11-21", "paid_by": [{"user": str(payer.pk), "amount": amount}],
            "split": {"method": "equal", "between": [str(u.pk) for u in users]}}
    elapsed, response, data = api.request("POST", "/api/expenses", json.dumps(body).encode(),
                                          {"Content-Type": "application/json"})
    assert response.status == 201, data[:300]
    return elapsed


def line(label: str, samples: list[float]) -> str:
    return f"  {label:<34} {summary_ms(samples)}"


def main() -> None:
    os.environ.setdefault("JWT_ACCESS_MINUTES", "600")
    setup_django(os.environ.get("SOCIAL_DATABASE", "hisaab_bench_social"))
    from django.db import connection
    from rest_framework_simplejwt.tokens import AccessToken

    rng = random.Random(2026)
    users, group = make_group()
    peer = Peer()
    print(f"group of {MEMBERS}; sizes {SIZES}; {CREATES} creations and {READS} reads per size (peer reads fewer: "
          f"each reloads every bill); Hisaab on {os.environ.get('SOCIAL_HTTP') or 'gunicorn'}; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    seeded = 0
    try:
        with serve() as base:
            api = Client(base, {"Authorization": f"Bearer {AccessToken.for_user(users[0])}"})
            for size in SIZES:
                started = time.time()
                seed_hisaab(group, users, size - seeded, rng)
                peer.seed(size - seeded, rng)
                seeded = size
                connection.close()
                print(f"\n--- {size:,} expenses (seeded in {time.time() - started:.0f}s) ---", flush=True)
                for _ in range(5):  # warm both
                    api.request("GET", f"/api/groups/{group.pk}/balances")
                    hisaab_create(api, group, users, -1, rng)
                    peer.create(-1, rng)
                t0 = time.perf_counter()
                ours = [hisaab_create(api, group, users, i, rng) for i in range(CREATES)]
                ours_wall = time.perf_counter() - t0
                t0 = time.perf_counter()
                theirs = [peer.create(i, rng) for i in range(CREATES)]
                theirs_wall = time.perf_counter() - t0
                print("creation (one at a time over HTTP):")
                print(line("hisaab  POST /api/expenses", ours) + f"  {CREATES / ours_wall:.0f}/s")
                print(line("ihatemoney POST bills", theirs) + f"  {CREATES / theirs_wall:.0f}/s")
                reads = []
                for _ in range(READS):
                    elapsed, response, data = api.request("GET", f"/api/groups/{group.pk}/balances")
                    assert response.status == 200, data[:300]
                    reads.append(elapsed)
                plan = json.loads(data)["settle_up"]
                print("balances + settle-up:")
                print(line("hisaab  GET balances", reads) + f"  ({len(plan)} transfers)", flush=True)
                try:
                    peer_reads = [peer.balances_and_settle() for _ in range(PEER_READS.get(size, 5))]
                except (AssertionError, OSError) as exc:
                    print(f"  ihatemoney statistics+settle failed: {str(exc)[:200]}")
                    peer_reads = []
                if peer_reads:
                    print(line("ihatemoney statistics+settle", peer_reads))
                ratio_create = percentile(theirs, 50) / percentile(ours, 50)
                ratio_tput = (CREATES / ours_wall) / (CREATES / theirs_wall)
                ratio_read = percentile(peer_reads, 50) / percentile(reads, 50) if peer_reads else float("nan")
                print(f"ratios (ihatemoney / hisaab): creation p50 {ratio_create:.2f}x, throughput "
                      f"{ratio_tput:.2f}x in hisaab's favour, balances+settle-up p50 {ratio_read:.1f}x; "
                      f"load average {os.getloadavg()[0]:.2f}", flush=True)
                target = 25 if size <= 5_000 else 50
                print(f"target: balances+settle-up p50 <= {target} ms -> {percentile(reads, 50) * 1000:.1f} ms")
    finally:
        peer.stop()


if __name__ == "__main__":
    main()
