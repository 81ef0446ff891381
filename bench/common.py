"""Shared plumbing for benchmarks: a fresh database, Django set up against it, a daphne
server on loopback, and percentile arithmetic. Benchmarks print figures; they assert nothing.

Each bench module is a script: `python bench/bench_<area>.py [--quick]`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_SECRET = "bench-only-secret-key-not-for-production-use-0123456789"


def _admin_dsn(url: str) -> tuple[str, str]:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path="/postgres")), parsed.path.lstrip("/")


def fresh_database(name: str) -> str:
    """Drop and create database `name` on the server of DATABASE_URL; return its URL."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hisaab")
    if not base.startswith("postgres"):
        raise SystemExit("benchmarks need PostgreSQL: set DATABASE_URL")
    import psycopg

    admin, _ = _admin_dsn(base)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(urlparse(base)._replace(path=f"/{name}"))


def setup_django(db_name: str, *, migrate: bool = True) -> str:
    """Point this process at a fresh database `db_name`, set Django up, migrate."""
    url = fresh_database(db_name)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    os.environ.setdefault("SECRET_KEY", BENCH_SECRET)
    os.environ.setdefault("TESTING", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    return url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def daphne(port: int | None = None, env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve config.asgi on loopback in a child process; yields the base URL."""
    port = port or free_port()
    child_env = dict(os.environ, **(env or {}))
    # The log goes to a file: an undrained pipe would fill up and stall the server.
    log_path = ROOT / "var" / f"bench-daphne-{port}.log"
    log_path.parent.mkdir(exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT, env=child_env, stdout=subprocess.DEVNULL, stderr=log,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if proc.poll() is not None:
                raise RuntimeError(log_path.read_text(errors="replace")[-2000:])
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def percentile(samples: Sequence[float], pct: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary_ms(samples_s: Sequence[float]) -> str:
    ms = [s * 1000 for s in samples_s]
    return (
        f"n={len(ms)} p50={percentile(ms, 50):.1f}ms p95={percentile(ms, 95):.1f}ms "
        f"p99={percentile(ms, 99):.1f}ms mean={statistics.fmean(ms) if ms else float('nan'):.1f}ms"
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process `pid` has used so far (from /proc; 0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pids_named(name: bytes) -> list[int]:
    """Processes whose command line mentions `name` (e.g. b"postgres", b"redis-server")."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if name in cmd:
                found.append(int(proc.name))
    return found


def daphne_pid(port: int) -> int:
    for pid in pids_named(b"daphne"):
        with contextlib.suppress(OSError):
            if str(port).encode() in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                return pid
    raise RuntimeError("daphne process not found")


def cpu_snapshot(ports: list[int], me: str = "generator") -> dict[str, float]:
    """CPU seconds used so far by the daphne processes on `ports`, PostgreSQL, Redis and
    this process (named `me`); subtract two snapshots for what a run used."""
    times = os.times()
    return {
        "daphne": sum(cpu_seconds(daphne_pid(port)) for port in ports),
        "postgres": sum(cpu_seconds(pid) for pid in pids_named(b"postgres")),
        "redis": sum(cpu_seconds(pid) for pid in pids_named(b"redis-server")),
        me: times.user + times.system,
    }


def cpu_used(before: dict[str, float], ports: list[int], me: str = "generator") -> dict[str, float]:
    """CPU seconds each one used since `before` (a `cpu_snapshot`)."""
    now = cpu_snapshot(ports, me)
    return {name: now[name] - used for name, used in before.items()}


def quick() -> bool:
    """--quick (or BENCH_QUICK=1): smaller sizes for a smoke run."""
    return "--quick" in sys.argv or os.environ.get("BENCH_QUICK") == "1"
