"""Load: a realistic mixed workload against the production-style process layout.

Layout (all on loopback), LOAD_LAYOUT:
  gunicorn (default; deploy/): HTTP on gunicorn (LOAD_HTTP_WORKERS processes, default 2, of
    LOAD_HTTP_THREADS threads, default 4, class LOAD_WORKER_CLASS, default gthread), sockets
    on one daphne; the generator talks to them directly (nginx is left out: it would add its
    own CPU to every figure alike);
  daphne: two daphne processes serving both (Channels' stock router), for comparison.
  -> PostgreSQL (a fresh database, LOAD_DATABASE, default hisaab_bench_load) and Redis.
The generator spreads keep-alive HTTP connections over the HTTP ports (round robin) and, at
the same time, holds 2,000 authenticated idle WebSockets spread over the socket processes
(RLIMIT_NOFILE raised for itself and the servers). The CPU each process kind used is printed
per request, with the load average: the machine is shared, the figures are noisy. Their sum
sets a ceiling, also printed: the most requests per second the cores could serve at that cost.

Workload (whatever areas exist; see WORKLOAD): ~70% reads (me, notifications, sync pull,
friends/balances, group balances, khata parties, finance budgets, marketplace, wallet) and
~30% writes (expenses, khata entries, fundings; PATCH /api/me when nothing else exists).
Closed loop: CONCURRENCY connections, each sends its next request when the previous answer
arrived. Reports sustained req/s, p50/p95/p99, error rate, per-endpoint figures, and how many
of the idle sockets were still open at the end.

`python bench/bench_load.py [--quick]` (quick: 10 s, 200 sockets). Prints; asserts nothing.
LOAD_SKIP=invoicing leaves fundings out (each funding of an open listing writes a change to
every user's feed; see the report), LOAD_CONCURRENCY / LOAD_SECONDS / LOAD_SOCKETS size it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    cpu_seconds,
    free_port,
    percentile,
    pids_named,
    quick,
    setup_django,
)

DURATION = int(os.environ.get("LOAD_SECONDS", "10")) if quick() else int(os.environ.get("LOAD_SECONDS", "60"))
WARMUP = 3 if quick() else 8
IDLE_SOCKETS = 200 if quick() else int(os.environ.get("LOAD_SOCKETS", "2000"))
CONCURRENCY = int(os.environ.get("LOAD_CONCURRENCY", "16"))
USERS = 60 if quick() else 200


def raise_nofile() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# --- seeding (through actions; bulk where only volume matters) -------------------------------

def seed() -> dict[str, Any]:
    from django.urls import Resolver404, resolve
    from rest_framework_simplejwt.tokens import AccessToken

    from realtime.actions import notify

    def exists(path: str) -> bool:
        try:
            resolve(path)
            return True
        except Resolver404:
            return False

    from django.conf import settings

    from social.actions import register_user

    # Accounts are made as sign-up makes them (profile, wallet …); a fast hash: not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # sign-up mails: not printed
    users = [register_user(email=f"load{i}@example.com", password="bench-password-not-secret-1",
                           name=f"Load {i}") for i in range(USERS)]
    for user in users[:USERS]:
        for n in range(3):
            notify(user.pk, kind="bench", title=f"Welcome {n}")
    ctx: dict[str, Any] = {
        "users": [str(u.pk) for u in users],
        "tokens": {str(u.pk): str(AccessToken.for_user(u)) for u in users},
        "areas": [],
        "pairs": [],
    }
    # Pairs of friends (social), each with a group.
    if exists("/api/expenses"):
        from social import actions as social

        for a, b in zip(users[0::2], users[1::2], strict=False):
            social.befriend(a, other=b)
            group = social.create_group(a, name="Flat", currency="INR", members=[b.pk])
            ctx["pairs"].append((str(a.pk), str(b.pk), str(group.pk)))
        ctx["areas"].append("social")
    if exists("/api/khata/businesses"):
        ctx["businesses"] = _seed_khata(users)
        ctx["areas"].append("khata") if ctx["businesses"] else None
    if exists("/api/invoicing/marketplace") and "invoicing" not in os.environ.get("LOAD_SKIP", ""):
        ctx["invoices"] = _seed_invoicing(users)
        ctx["areas"].append("invoicing") if ctx["invoices"] else None
    if exists("/api/finance/budgets"):
        ctx["areas"].append("finance")
    return ctx


def _seed_khata(users: list) -> dict[str, tuple[str, list[str]]]:
    """owner id -> (business id, party ids), made through the API's own actions module."""
    try:
        from ledger.khata import actions as khata
    except ImportError:
        return {}
    found: dict[str, tuple[str, list[str]]] = {}
    for owner in users[: min(40, len(users))]:
        try:
            business = khata.create_business(owner, name=f"Shop {owner.name}", currency="INR")
            parties = [khata.create_party(owner, business=business, kind="customer", name=f"Cust {i}").pk
                       for i in range(5)]
        except Exception as exc:  # noqa: BLE001 - the bench adapts to the area's signatures
            print(f"khata seeding skipped: {exc!r}")
            return {}
        found[str(owner.pk)] = (str(business.pk), [str(p) for p in parties])
    return found


def _seed_invoicing(users: list) -> list[tuple[str, str]]:
    """(invoice id, seller id) of listed invoices with room to fund; investors' wallets made."""
    try:
        from invoicing import actions as invoicing
    except ImportError:
        return []
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    today = timezone.localdate()
    made = []
    try:
        for n, seller in enumerate(users[-10:]):
            invoice = invoicing.create_invoice(
                seller, buyer_name="Tata Steel Ltd", buyer_gstin="27AAPFU0939F1ZV", number=f"LOAD-{n:04d}",
                face_amount=Decimal("10000000.00"), currency="INR", issue_date=today - timedelta(days=5),
                due_date=today + timedelta(days=90), discount_rate=Decimal("12"), min_ticket=Decimal("1.00"),
            )
            invoicing.list_invoice(seller, invoice_id=invoice.pk)
            made.append((str(invoice.pk), str(seller.pk)))
        ensure = getattr(invoicing, "ensure_wallet", None)
        if ensure is not None:
            for user in users[:-10]:
                ensure(user, currency="INR")
    except Exception as exc:  # noqa: BLE001 - the bench adapts to what the area offers
        print(f"invoicing seeding skipped: {exc!r}")
        return []
    return made


# --- servers ---------------------------------------------------------------------------------

LAYOUT = os.environ.get("LOAD_LAYOUT", "gunicorn")


def _commands(env: dict[str, str]) -> tuple[list[tuple[str, list[str]]], list[int], list[int]]:
    """(kind, argv) per server process, the HTTP ports and the socket ports."""
    daphne = [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p"]
    if LAYOUT == "daphne":
        ports = [free_port(), free_port()]
        return [("daphne", [*daphne, str(p), "config.asgi:application"]) for p in ports], ports, ports
    http, ws = free_port(), free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "-b", f"127.0.0.1:{http}",
                "--workers", os.environ.get("LOAD_HTTP_WORKERS", "2"),
                "--threads", os.environ.get("LOAD_HTTP_THREADS", "4"),
                "--worker-class", os.environ.get("LOAD_WORKER_CLASS", "gthread"), "config.wsgi:application"]
    return [("gunicorn", gunicorn), ("daphne", [*daphne, str(ws), "config.asgi:application"])], [http], [ws]


def _server_pids(ports: list[int]) -> dict[str, list[int]]:
    """Each kind's processes serving `ports` (gunicorn: the arbiter and its workers)."""
    found: dict[str, list[int]] = {"gunicorn": [], "daphne": []}
    for kind in found:
        for pid in pids_named(kind.encode()):
            with contextlib.suppress(OSError):
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                if any(str(p).encode() in arg for p in ports for arg in argv):
                    found[kind].append(pid)
    return found


def layout_cpu(ports: list[int]) -> dict[str, Any]:
    """CPU seconds used so far by each process kind serving `ports` (per process), PostgreSQL
    (per backend), Redis and the generator; subtract two snapshots for what a run used."""
    times = os.times()
    snap: dict[str, Any] = {kind: {pid: cpu_seconds(pid) for pid in pids} for kind, pids in _server_pids(ports).items()}
    # Per backend: one that ends between two snapshots must not count negative (what it used
    # meanwhile is lost). PostgreSQL is the machine's shared server: other work counts too.
    snap.update(postgres={pid: cpu_seconds(pid) for pid in pids_named(b"postgres")},
                redis=sum(cpu_seconds(pid) for pid in pids_named(b"redis-server")),
                generator=times.user + times.system)
    return snap


@contextlib.contextmanager
def servers(env: dict[str, str]):
    """The layout's processes on free loopback ports (stderr to var/ logs); yields
    (HTTP ports, socket ports)."""
    import socket
    import subprocess

    root = Path(__file__).resolve().parent.parent
    commands, http_ports, ws_ports = _commands(env)
    procs = []
    try:
        for n, (kind, argv) in enumerate(commands):
            log = open(root / "var" / f"bench-load-{kind}-{n}.log", "w")  # noqa: SIM115
            procs.append(subprocess.Popen(argv, cwd=root, env=dict(os.environ, **env),
                                          stdout=subprocess.DEVNULL, stderr=log))
        for port in sorted(set(http_ports + ws_ports)):
            deadline = time.time() + 60
            while time.time() < deadline:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
                time.sleep(0.1)
        yield http_ports, ws_ports
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


# --- the workload ------------------------------------------------------------------------------

Request = tuple[str, str, str, Any]  # (label, method, path, body)


def workload(ctx: dict[str, Any]) -> list[tuple[float, Callable[[random.Random], tuple[str, Request]]]]:
    """(weight, make(rng) -> (user id, request))."""
    users = ctx["users"]
    mix: list[tuple[float, Callable]] = [
        (10, lambda r: (r.choice(users), ("GET /api/me", "GET", "/api/me", None))),
        (12, lambda r: (r.choice(users), ("GET /api/notifications", "GET", "/api/notifications?limit=20", None))),
        (14, lambda r: (r.choice(users), ("GET /api/sync/changes", "GET", "/api/sync/changes?after=0&limit=50", None))),
        (6, lambda r: (r.choice(users), ("GET /api/notifications/unread-count", "GET", "/api/notifications/unread-count", None))),
    ]
    writes = 0.0
    if "social" in ctx["areas"]:
        pairs = ctx["pairs"]

        def expense(r: random.Random) -> tuple[str, Request]:
            a, b, group = r.choice(pairs)
            body = {"group": group, "description": "Groceries", "amount": "120.50", "currency": "INR",
                    "date": "2026-11-21", "paid_by": [{"user": a, "amount": "120.50"}],
                    "split": {"method": "equal", "between": [a, b]}}
            return a, ("POST /api/expenses", "POST", "/api/expenses", body)

        mix += [
            (16, expense),
            (8, lambda r: (lambda p: (p[0], ("GET /api/groups/{id}/balances", "GET", f"/api/groups/{p[2]}/balances", None)))(r.choice(pairs))),
            (6, lambda r: (lambda p: (p[0], ("GET /api/friends", "GET", "/api/friends", None)))(r.choice(pairs))),
        ]
        writes += 16
    if "khata" in ctx["areas"]:
        owners = list(ctx["businesses"])

        def entry(r: random.Random) -> tuple[str, Request]:
            owner = r.choice(owners)
            business, parties = ctx["businesses"][owner]
            body = {"party": r.choice(parties), "kind": r.choice(["gave", "got"]), "amount": "250.00",
                    "note": "load"}
            return owner, ("POST khata entries", "POST", f"/api/khata/businesses/{business}/entries", body)

        def parties(r: random.Random) -> tuple[str, Request]:
            owner = r.choice(owners)
            business, _ = ctx["businesses"][owner]
            return owner, ("GET khata parties", "GET", f"/api/khata/businesses/{business}/parties?limit=20", None)

        mix += [(10, entry), (6, parties)]
        writes += 10
    if "invoicing" in ctx["areas"]:
        invoices = ctx["invoices"]
        sellers = {seller for _, seller in invoices}
        investors = [u for u in users if u not in sellers]

        def fund(r: random.Random) -> tuple[str, Request]:
            invoice, _seller = r.choice(invoices)
            return r.choice(investors), ("POST fund", "POST", f"/api/invoicing/invoices/{invoice}/fund", {"amount": "10.00"})

        mix += [
            (6, fund),
            (4, lambda r: (r.choice(users), ("GET marketplace", "GET", "/api/invoicing/marketplace?limit=20", None))),
            (3, lambda r: (r.choice(users), ("GET /api/wallet", "GET", "/api/wallet", None))),
        ]
        writes += 6
    if "finance" in ctx["areas"]:
        mix.append((4, lambda r: (r.choice(users), ("GET finance budgets", "GET", "/api/finance/budgets", None))))
    if writes == 0:  # nothing else landed: profile writes
        mix.append((20, lambda r: (r.choice(users), ("PATCH /api/me", "PATCH", "/api/me", {"display_name": f"L{r.randint(0, 999)}"}))))
    return mix


# --- a minimal keep-alive HTTP/1.1 client (the generator must be cheap) -------------------------

class Conn:
    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, token: str, body: Any) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        payload = b"" if body is None else json.dumps(body).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        ).encode()
        self.writer.write(head + payload)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and "close" in value.lower():
                close = True
        if chunked:
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        elif length:
            await self.reader.readexactly(length)
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run_load(ports: list[int], ctx: dict[str, Any], seconds: float, record: bool) -> dict[str, Any]:
    mix = workload(ctx)
    weights = [w for w, _ in mix]
    makers = [m for _, m in mix]
    samples: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    errors = 0
    failures: list[str] = []
    end = time.monotonic() + seconds

    async def worker(index: int) -> None:
        nonlocal errors
        rng = random.Random(index)
        conn = Conn(ports[index % len(ports)])
        while time.monotonic() < end:
            user, (label, method, path, body) = rng.choices(makers, weights)[0](rng)
            started = time.perf_counter()
            try:
                status = await asyncio.wait_for(conn.request(method, path, ctx["tokens"][user], body), 30)
            except Exception as exc:  # noqa: BLE001 - counted as an error
                conn.close()
                status = 599
                if record and len(failures) < 5:
                    failures.append(f"{label}: {exc!r}"[:200])
            elapsed = time.perf_counter() - started
            if record:
                samples[label].append(elapsed)
                statuses[label][status] += 1
                if status >= 500:
                    errors += 1
        conn.close()

    started = time.monotonic()
    await asyncio.gather(*(worker(i) for i in range(CONCURRENCY)))
    return {"samples": samples, "statuses": statuses, "errors": errors, "failures": failures,
            "elapsed": time.monotonic() - started}


# --- idle sockets ------------------------------------------------------------------------------

async def hold_sockets(ports: list[int], ctx: dict[str, Any], count: int, ready: asyncio.Event,
                       stop: asyncio.Event, result: dict[str, Any]) -> None:
    import websockets

    users = ctx["users"]
    opened: list[Any] = []
    sem = asyncio.Semaphore(50)

    async def open_one(i: int) -> None:
        user = users[i % len(users)]
        async with sem:
            try:
                ws = await websockets.connect(
                    f"ws://127.0.0.1:{ports[i % len(ports)]}/ws/?token={ctx['tokens'][user]}",
                    open_timeout=30, ping_interval=None, max_queue=None,
                )
                await ws.recv()  # hello
                await ws.send(json.dumps({"type": "resume", "cursor": 0}))
                opened.append(ws)
            except Exception as exc:  # noqa: BLE001
                result.setdefault("open_errors", []).append(repr(exc)[:120])

    async def drain(ws: Any) -> None:
        with contextlib.suppress(Exception):
            async for _ in ws:
                result["frames"] = result.get("frames", 0) + 1

    started = time.monotonic()
    await asyncio.gather(*(open_one(i) for i in range(count)))
    result["opened"] = len(opened)
    result["open_seconds"] = time.monotonic() - started
    drains = [asyncio.ensure_future(drain(ws)) for ws in opened]
    ready.set()
    await stop.wait()
    result["still_open"] = sum(1 for ws in opened if ws.close_code is None)
    for ws in opened:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(ws.close(), 1)
    for task in drains:
        task.cancel()


async def main_async(http_ports: list[int], ws_ports: list[int], ctx: dict[str, Any]) -> None:
    ports = http_ports
    ready, stop = asyncio.Event(), asyncio.Event()
    sockets: dict[str, Any] = {}
    holder = asyncio.ensure_future(hold_sockets(ws_ports, ctx, IDLE_SOCKETS, ready, stop, sockets))
    await ready.wait()
    print(f"idle sockets: {sockets['opened']}/{IDLE_SOCKETS} open in {sockets['open_seconds']:.1f}s "
          f"({len(sockets.get('open_errors', []))} failed)", flush=True)
    await run_load(ports, ctx, WARMUP, record=False)
    all_ports = sorted(set(http_ports + ws_ports))
    before = layout_cpu(all_ports)
    load_before = os.getloadavg()
    result = await run_load(ports, ctx, DURATION, record=True)
    now = layout_cpu(all_ports)
    http_split = sorted((used - before["gunicorn"].get(pid, 0.0) for pid, used in now["gunicorn"].items()), reverse=True)
    cpu = {
        name: sum(now[name].get(pid, 0.0) - used.get(pid, 0.0) for pid in now[name]
                  if now[name].get(pid, 0.0) >= used.get(pid, 0.0))
        if isinstance(used, dict) else now[name] - used
        for name, used in before.items()
    }
    stop.set()
    await holder

    all_samples = [s for values in result["samples"].values() for s in values]
    total = len(all_samples)
    ms = [s * 1000 for s in all_samples]
    print(f"\nmixed workload, layout {LAYOUT} ({', '.join(sorted(k for k in ('gunicorn', 'daphne') if cpu[k]))}), "
          f"{CONCURRENCY} connections over {len(ports)} HTTP port(s), "
          f"{result['elapsed']:.0f}s measured (after {WARMUP}s warm-up); load average before/after: "
          f"{load_before[0]:.2f} / {os.getloadavg()[0]:.2f} (shared machine: noisy)")
    print(f"  sustained: {total / result['elapsed']:.0f} req/s   requests: {total}")
    print(f"  latency:   p50={percentile(ms, 50):.1f}ms p95={percentile(ms, 95):.1f}ms "
          f"p99={percentile(ms, 99):.1f}ms max={max(ms):.1f}ms")
    print(f"  errors:    {result['errors']} 5xx/transport ({100 * result['errors'] / max(total, 1):.2f}%)")
    for failure in result["failures"]:
        print(f"  failure:   {failure}")
    non_2xx = {label: {s: n for s, n in st.items() if s >= 300} for label, st in result["statuses"].items()}
    non_2xx = {k: v for k, v in non_2xx.items() if v}
    if non_2xx:
        print(f"  non-2xx:   {json.dumps(non_2xx)}")
    print(f"  idle sockets still open at the end: {sockets.get('still_open')}/{sockets['opened']} "
          f"(frames received meanwhile: {sockets.get('frames', 0)})")
    print(f"  CPU seconds over the {result['elapsed']:.0f}s (2 cores = {2 * result['elapsed']:.0f}s): "
          + ", ".join(f"{name} {used:.1f}" for name, used in cpu.items())
          + "; per request: " + ", ".join(f"{name} {1000 * used / max(total, 1):.2f} ms"
                                          for name, used in cpu.items() if used))
    # The ceiling this CPU cost sets: with every process's CPU per request counted (the
    # generator's too), the cores serve no more than this; once they are saturated, this much.
    per_request = sum(cpu.values()) / max(total, 1)
    cores = os.cpu_count() or 1
    print(f"  all processes: {1000 * per_request:.2f} ms CPU per request; at that cost {cores} cores serve "
          f"at most {cores / per_request if per_request else 0:.0f} req/s")
    if http_split:  # keep-alive connections stay with the worker that accepted them
        print("  gunicorn CPU seconds per process (arbiter included): "
              + ", ".join(f"{used:.1f}" for used in http_split))
    print("  per endpoint:")
    for label, values in sorted(result["samples"].items(), key=lambda kv: -len(kv[1])):
        v = [s * 1000 for s in values]
        print(f"    {label:<38} n={len(v):>6}  p50={percentile(v, 50):6.1f}ms  p95={percentile(v, 95):6.1f}ms  "
              f"p99={percentile(v, 99):6.1f}ms")


def main() -> None:
    nofile = raise_nofile()
    setup_django(os.environ.get("LOAD_DATABASE", "hisaab_bench_load"))
    started = time.monotonic()
    ctx = seed()
    print(f"seeded {USERS} users, areas: {', '.join(ctx['areas']) or 'none beyond accounts and notifications'} "
          f"({time.monotonic() - started:.1f}s); RLIMIT_NOFILE={nofile}", flush=True)
    from django.db import connections

    connections.close_all()
    server_env = {"DEBUG": "0", "DB_POOL_SIZE": os.environ.get("DB_POOL_SIZE", "6"), "LOG_LEVEL": "ERROR",
                  "JWT_ACCESS_MINUTES": "60", "REALTIME_FLOOD_BURST": "1000"}
    with servers(server_env) as (http_ports, ws_ports):
        print(f"servers ({LAYOUT}): HTTP on {http_ports}, sockets on {ws_ports}, PostgreSQL, Redis", flush=True)
        asyncio.run(main_async(http_ports, ws_ports, ctx))


if __name__ == "__main__":
    main()
