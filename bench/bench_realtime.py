"""Benchmark of the sync backbone, as deployed (deploy/): sockets on one daphne process, HTTP
on gunicorn (deploy/gunicorn.conf.py; REALTIME_HTTP=daphne sends HTTP to the daphne too),
PostgreSQL and Redis (the database: REALTIME_DATABASE, default hisaab_bench_realtime).

Figures (the issue's targets in brackets):
1. memory per idle socket at 2,000 sockets (RSS of the daphne process)      [<= 100 KB]
2. write-to-socket latency, 200 sockets in one group, 50 writes/s           [p99 <= 100 ms]
   (a write = POST /api/notifications/{id}/read over HTTP; latency = from sending the
   request to the change frame arriving on each of the 200 sockets)
3. delivered events per second at saturation (writers back to back)        [>= 5,000/s]
4. pull of 10,000 changes with GET /api/sync/changes, 1,000 per page         [<= 2 s]
5. push of 1,000 queued mutations in one POST /api/sync/push                 [<= 5 s]

Usage: python bench/bench_realtime.py [--quick]   (BENCH_ONLY=memory,latency,pull,push: some parts)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    ROOT,
    cpu_snapshot,
    cpu_used,
    free_port,
    quick,
    setup_django,
    summary_ms,
)

QUICK = quick()
IDLE_SOCKETS = 200 if QUICK else 2000
GROUP_SOCKETS = 50 if QUICK else 200
RATE = 50
LATENCY_SECONDS = 3 if QUICK else 10
WARMUP_SECONDS = 1 if QUICK else 3  # the same writes first, not measured (new threads, connections)
SATURATION_CHANGES = 300 if QUICK else 1000  # x sockets = frames to deliver
SATURATION_WRITERS = 2
BATCH = 50  # changes per commit in the saturation writers
PULL_CHANGES = 2000 if QUICK else 10_000
PUSH_MUTATIONS = 200 if QUICK else 1000


def raise_open_files() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 65536 if hard == resource.RLIM_INFINITY else min(65536, hard)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@contextlib.contextmanager
def serve() -> Iterator[tuple[str, str, subprocess.Popen]]:
    """One daphne process on loopback (like bench.common.daphne, but we need its pid) and,
    unless REALTIME_HTTP=daphne, gunicorn for HTTP: yields (socket host, HTTP host, daphne)."""
    import socket

    port = free_port()
    http_port = port if os.environ.get("REALTIME_HTTP") == "daphne" else free_port()
    # Under ASGI each request runs in its own thread, so per-thread persistent connections
    # pile up with concurrency (the shared server allows 100): a bounded pool where the
    # settings offer one (DB_POOL_SIZE); otherwise the settings' default.
    env = dict(os.environ, REALTIME_HEARTBEAT_SECONDS="25", LOG_LEVEL="WARNING", DB_POOL_SIZE="8")
    # The log goes to a file (an undrained pipe would stall the server).
    log_path = ROOT / "var" / "bench-realtime-daphne.log"
    log_path.parent.mkdir(exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )
    gunicorn = None
    if http_port != port:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "-b", f"127.0.0.1:{http_port}",
             "config.wsgi:application"],
            cwd=ROOT, env=dict(env, DB_POOL_SIZE="4"), stdout=subprocess.DEVNULL, stderr=log,
        )
    try:
        for waiting in {port, http_port}:
            deadline = time.time() + 30
            while time.time() < deadline:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", waiting), timeout=0.2):
                    break
                time.sleep(0.1)
        yield f"127.0.0.1:{port}", f"127.0.0.1:{http_port}", proc
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=10)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        # A dropped live message is caught up by the next change or the heartbeat (25 s):
        # say whether any were dropped, or a slow tail could pass for a slow live path.
        text = log_path.read_text(errors="replace")
        print(f"server log: {text.count('live publish failed')} failed live publishes, "
              f"{text.count('feed subscription lost')} lost subscriptions, "
              f"{text.count('catch-up from the feed failed')} failed catch-ups")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# --- seeding (bulk, outside the measured path) ----------------------------------------------


def make_users(count: int) -> list:
    from social.models import User

    users = [
        User(email=f"bench-{uuid.uuid4().hex[:12]}@example.com", name=f"Bench {i}", password="!")
        for i in range(count)
    ]
    return User.objects.bulk_create(users)


def make_notes(user, count: int) -> list[str]:
    from realtime.models import Notification

    notes = Notification.objects.bulk_create(
        [Notification(user=user, kind="bench", title=f"note {i}", body="x" * 80, data={"i": i}) for i in range(count)]
    )
    return [str(n.pk) for n in notes]


def make_changes(user, count: int) -> None:
    from django.utils import timezone

    from realtime.models import Change, Stream

    now = timezone.now()
    data = {"id": str(uuid.uuid4()), "version": 1, "kind": "bench", "title": "a change", "body": "x" * 80,
            "data": {"amount": "1234.50", "currency": "INR"}, "read_at": None,
            "created_at": now.isoformat(), "deleted_at": None}
    Change.objects.bulk_create(
        [Change(user=user, seq=i, event="notification.created", entity="notification", op="upsert",
                object_id=uuid.uuid4(), version=1, data=data, at=now) for i in range(1, count + 1)],
        batch_size=2000,
    )
    Stream.objects.update_or_create(user=user, defaults={"head": count, "floor": 0})


def token(user) -> str:
    from rest_framework_simplejwt.tokens import AccessToken

    return str(AccessToken.for_user(user))


# --- a tiny keep-alive HTTP/1.1 client on asyncio streams (one loop, no threads) --------------


class Http:
    def __init__(self, host: str, bearer: str) -> None:
        self.host, self.bearer = host, bearer
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            host, port = self.host.split(":")
            self.reader, self.writer = await asyncio.open_connection(host, int(port))
        assert self.reader is not None
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {self.bearer}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        payload = await self.reader.readexactly(length)
        return int(status_line.split()[1]), payload

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def open_sockets(host: str, tokens: list[str], *, resume: bool) -> list:
    from websockets.asyncio.client import connect

    limit = asyncio.Semaphore(50)

    async def one(tok: str):
        async with limit:
            ws = await connect(f"ws://{host}/ws/?token={tok}", ping_interval=None, max_queue=None, open_timeout=60,
                               compression=None)
            hello = json.loads(await ws.recv())
            if resume:
                await ws.send(json.dumps({"type": "resume", "cursor": hello["head"]}))
            return ws

    return list(await asyncio.gather(*(one(t) for t in tokens)))


async def close_all(sockets: list) -> None:
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


# --- the measurements ------------------------------------------------------------------------------


async def bench_memory(host: str, pid: int) -> None:
    users = make_users(100)
    tokens = [token(u) for u in users]
    warm = await open_sockets(host, tokens[:10], resume=True)
    await close_all(warm)
    await asyncio.sleep(1)
    before = rss_kb(pid)
    started = time.perf_counter()
    sockets = await open_sockets(host, [tokens[i % len(tokens)] for i in range(IDLE_SOCKETS)], resume=True)
    opened = time.perf_counter() - started
    await asyncio.sleep(2)
    after = rss_kb(pid)
    print(f"idle sockets: {len(sockets)} opened in {opened:.1f}s; daphne RSS {before / 1024:.1f} MB -> "
          f"{after / 1024:.1f} MB; memory per idle socket: {(after - before) / len(sockets):.1f} KB")
    await close_all(sockets)


async def bench_latency_and_saturation(host: str, http_host: str) -> None:
    [user] = make_users(1)
    bearer = token(user)
    writes_needed = RATE * (WARMUP_SECONDS + LATENCY_SECONDS) + 20
    note_ids = make_notes(user, writes_needed)
    sockets = await open_sockets(host, [bearer] * GROUP_SOCKETS, resume=True)
    sent_at: dict[str, float] = {}
    samples: list[float] = []
    received = [0]
    first_at = [0.0]
    commit_samples: list[float] = []

    async def reader(ws) -> None:
        with contextlib.suppress(Exception):
            async for raw in ws:
                now = time.perf_counter()
                frame = json.loads(raw)
                if frame.get("type") == "change":
                    if not received[0]:
                        first_at[0] = now
                    received[0] += 1
                    t0 = sent_at.get(frame["data"]["id"])
                    if t0 is not None:
                        samples.append(now - t0)
                    committed = (frame["data"].get("data") or {}).get("t")
                    if committed is not None:
                        commit_samples.append(time.time() - committed)

    readers = [asyncio.ensure_future(reader(ws)) for ws in sockets]
    notes = iter(note_ids)
    await asyncio.sleep(0.5)

    # 1. steady 50 writes/s, latency from request sent to frame received, every socket
    pool = [Http(http_host, bearer) for _ in range(8)]
    free: asyncio.Queue[Http] = asyncio.Queue()
    for conn in pool:
        free.put_nowait(conn)
    statuses: list[int] = []
    failures: list[str] = []
    answered: list[float] = []

    async def write(note_id: str) -> None:
        conn = await free.get()
        try:
            sent_at[note_id] = time.perf_counter()
            status, payload = await conn.post(f"/api/notifications/{note_id}/read")
            answered.append(time.perf_counter() - sent_at[note_id])
            statuses.append(status)
            if status != 200 and len(failures) < 3:
                failures.append(f"{status} {payload[:200]!r}")
        finally:
            free.put_nowait(conn)

    async def steady(count: int) -> None:
        start = time.perf_counter()
        tasks = []
        for i in range(count):
            delay = start + i / RATE - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.ensure_future(write(next(notes))))
        await asyncio.gather(*tasks)

    await steady(RATE * WARMUP_SECONDS)
    deadline = time.perf_counter() + 10
    while received[0] < RATE * WARMUP_SECONDS * GROUP_SOCKETS and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    samples.clear(), answered.clear(), statuses.clear()
    received[0] = 0
    count = RATE * LATENCY_SECONDS
    ports = [int(host.rsplit(":", 1)[1])]
    cpu_before, wall_before = cpu_snapshot(ports, "client"), time.perf_counter()
    await steady(count)
    expected = count * GROUP_SOCKETS
    deadline = time.perf_counter() + 10
    while received[0] < expected and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    wall = time.perf_counter() - wall_before
    cpu = ", ".join(f"{name} {100 * used / wall:.0f}%" for name, used in cpu_used(cpu_before, ports, "client").items())
    ok = sum(1 for s in statuses if s == 200)
    if ok < count:
        print(f"non-200 writes (the shared PostgreSQL may be out of connections): {failures}")
    print(f"write-to-socket latency, {GROUP_SOCKETS} sockets in one group, {RATE} writes/s for "
          f"{LATENCY_SECONDS}s after {WARMUP_SECONDS}s of warm-up ({ok}/{count} writes 200, {received[0]}/{expected} frames): {summary_ms(samples)}")
    print(f"  (the HTTP answers themselves: {summary_ms(answered)})")
    print(f"  (CPU use meanwhile, share of one core: {cpu}; gunicorn not counted; HTTP on {http_host}, "
          f"sockets on {host}; load average {os.getloadavg()[0]:.2f})")

    # 1b. the same rate written by another process through the action (as a Celery task
    # would): latency from commit to frame, i.e. the realtime path without the HTTP request.
    received[0] = 0
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--rate-writer", str(user.pk), str(RATE), str(LATENCY_SECONDS),
        stdout=asyncio.subprocess.PIPE, env=dict(os.environ),
    )
    out, _ = await proc.communicate()
    count = int(out.strip() or 0)
    deadline = time.perf_counter() + 10
    while received[0] < count * GROUP_SOCKETS and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    print(f"commit-to-socket latency, {GROUP_SOCKETS} sockets, {RATE} commits/s from a worker process "
          f"({received[0]}/{count * GROUP_SOCKETS} frames): {summary_ms(commit_samples)}")

    # 2. saturation: writer processes commit back to back through the action (the HTTP
    # path of one daphne process is measured above); count frames delivered per second.
    received[0] = 0
    burst_notes = [next(notes) for _ in range(10)]
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--writer", str(SATURATION_CHANGES // SATURATION_WRITERS),
            *burst_notes, stdout=asyncio.subprocess.PIPE, env=dict(os.environ),
        )
        for _ in range(SATURATION_WRITERS)
    ]
    outputs = [await p.communicate() for p in procs]
    writes = sum(int(out.strip() or 0) for out, _ in outputs)
    expected = writes * GROUP_SOCKETS
    deadline = time.perf_counter() + 90
    last, last_change = received[0], time.perf_counter()
    while received[0] < expected and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
        if received[0] != last:
            last, last_change = received[0], time.perf_counter()
        elif time.perf_counter() - last_change > 15:  # one message is seconds of work on a loaded machine
            break
    elapsed = max(last_change - first_at[0], 1e-9)
    print(f"saturation, {GROUP_SOCKETS} sockets, {SATURATION_WRITERS} writer processes, "
          f"{BATCH} changes per commit: {writes} changes written; delivered "
          f"{received[0]}/{expected} frames in {elapsed:.1f}s (first to last) = "
          f"{received[0] / elapsed:,.0f} events/s")
    for conn in pool:
        conn.close()
    for task in readers:
        task.cancel()
    await close_all(sockets)


def bench_pull(host: str) -> None:
    import requests

    [user] = make_users(1)
    make_changes(user, PULL_CHANGES)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token(user)}"
    session.get(f"http://{host}/api/sync/changes?after={PULL_CHANGES}")  # warm the connection
    cursor, pages, got = 0, 0, 0
    started = time.perf_counter()
    while True:
        body = session.get(f"http://{host}/api/sync/changes?after={cursor}&limit=1000").json()
        pages += 1
        got += len(body["changes"])
        cursor = body["cursor"]
        if not body["has_more"]:
            break
    took = time.perf_counter() - started
    print(f"pull of {got} changes: {took * 1000:.0f} ms total ({pages} pages of 1000, "
          f"{took / pages * 1000:.0f} ms/page)")


def bench_push(host: str) -> None:
    import requests

    [user] = make_users(1)
    note_ids = make_notes(user, PUSH_MUTATIONS)
    mutations = [
        {"id": i + 1, "method": "POST", "path": f"/api/notifications/{note_id}/read", "version": 1}
        for i, note_id in enumerate(note_ids)
    ]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token(user)}"
    payload = {"client_id": str(uuid.uuid4()), "mutations": mutations}
    started = time.perf_counter()
    response = session.post(f"http://{host}/api/sync/push", json=payload, timeout=120)
    took = time.perf_counter() - started
    body = response.json()
    ok = sum(1 for r in body.get("results", []) if r["status"] == 200)
    print(f"push of {len(mutations)} mutations: {took * 1000:.0f} ms total "
          f"({took / len(mutations) * 1000:.2f} ms/mutation, {ok} applied, status {response.status_code})")
    started = time.perf_counter()
    session.post(f"http://{host}/api/sync/push", json=payload, timeout=120)
    print(f"the same push replayed (all recorded): {(time.perf_counter() - started) * 1000:.0f} ms")


def writer_process(changes: int, note_ids: list[str]) -> None:
    """--writer: commit `changes` changes back to back through an action publishing BATCH
    changes per transaction (so commits outpace delivery); print how many were written."""
    from realtime.feed import action, publish
    from realtime.models import Notification

    @action
    def burst(note: Notification) -> None:
        for _ in range(BATCH):
            publish(note, "notification.touched")

    for attempt in range(20):  # the shared server may be out of connections for a moment
        try:
            notes = list(Notification.objects.filter(pk__in=note_ids))
            break
        except Exception:  # noqa: BLE001
            time.sleep(0.5 * (attempt + 1))
    done = 0
    while done < changes:
        burst(notes[done // BATCH % len(notes)])
        done += BATCH
    print(done)


def rate_writer(user_id: str, rate: int, seconds: int) -> None:
    """--rate-writer: notify(user) `rate` times a second; the data carries the time just
    before the write (its transaction commits a few milliseconds later)."""
    from realtime.actions import notify

    start = time.perf_counter()
    for i in range(rate * seconds):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        notify(user_id, kind="bench", title=f"w{i}", data={"t": time.time()})
    print(rate * seconds)


def main() -> None:
    if "--rate-writer" in sys.argv:
        at = sys.argv.index("--rate-writer")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        rate_writer(sys.argv[at + 1], int(sys.argv[at + 2]), int(sys.argv[at + 3]))
        return
    if "--writer" in sys.argv:
        at = sys.argv.index("--writer")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        writer_process(int(sys.argv[at + 1]), sys.argv[at + 2:])
        return
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # seeding from async code in this script
    limit = raise_open_files()
    setup_django(os.environ.get("REALTIME_DATABASE", "hisaab_bench_realtime"))
    if limit < IDLE_SOCKETS + 500:
        print(f"warning: open-file limit {limit} is below what {IDLE_SOCKETS} sockets need")
    print(f"bench_realtime ({'quick' if QUICK else 'full'}): one daphne process, PostgreSQL, Redis; "
          f"{os.cpu_count()} cores; open files {limit}")
    print(f"load average before: {os.getloadavg()[0]:.2f} (other work on this machine slows every figure)")
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))  # e.g. latency,pull
    with serve() as (host, http_host, proc):
        if not only or "memory" in only:
            asyncio.run(bench_memory(host, proc.pid))
        if not only or "latency" in only:
            asyncio.run(bench_latency_and_saturation(host, http_host))
        if not only or "pull" in only:
            bench_pull(http_host)
        if not only or "push" in only:
            bench_push(http_host)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
