"""Process management for fault and deployment tests: a private redis-server, daphne, Celery
worker and beat processes, and the production layout of deploy/ (the Procfile's processes and
nginx), all on loopback, all started and stopped by the test that uses them.

The machine's shared PostgreSQL and Redis are never stopped: a test that needs Redis to go
away starts its own `redis-server` on a free port and stops that one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, *, timeout: float = 30, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def database_url() -> str:
    """The URL of the database this test session uses (pytest-django's test database), so
    child processes see what the test committed (use django_db(transaction=True))."""
    conf = connection.settings_dict
    host = conf.get("HOST") or "127.0.0.1"
    port = conf.get("PORT") or 5432
    user = conf.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{conf['NAME']}"


def child_env(redis_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url,
        TESTING="1",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789"),
        # Each test gets its own channel-layer and cache namespace on the shared Redis.
        CHANNEL_PREFIX=f"res-{uuid.uuid4().hex[:10]}",
        CACHE_PREFIX=f"res-{uuid.uuid4().hex[:10]}",
        # A small pool per process: bounded connections, none made per request.
        DB_POOL_SIZE="4",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class Proc:
    """A child process in its own process group, killed with its children on stop."""

    def __init__(self, argv: list[str], env: dict[str, str], name: str) -> None:
        self.argv, self.env, self.name = argv, env, name
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix=f"{name}-", suffix=".log", delete=False)  # noqa: SIM115 (lives as long as the process)

    def start(self) -> Proc:
        self.proc = subprocess.Popen(
            self.argv, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig: int) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)

    def kill(self) -> None:
        """SIGKILL, no goodbye: what a crash or an OOM kill looks like."""
        self.signal(signal.SIGKILL)
        if self.proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)

    def stop(self, timeout: float = 10) -> None:
        if not self.alive():
            return
        self.signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self, tail: int | None = 4000) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace")
        return text[-tail:] if tail else text

    def cleanup(self) -> None:
        self.kill()
        with contextlib.suppress(OSError):
            os.unlink(self.log.name)


class RedisServer:
    """A private redis-server on a free loopback port, which a test may stop and start again
    (on the same port) to simulate an outage."""

    def __init__(self) -> None:
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is not installed")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tempfile.mkdtemp(prefix="res-redis-")
        self.proc: Proc | None = None

    def start(self) -> RedisServer:
        self.proc = Proc(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", self.dir, "--protected-mode", "yes"],
            dict(os.environ), "redis",
        ).start()
        wait_port(self.port, timeout=10, proc=self.proc.proc)
        return self

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.cleanup()
            self.proc = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Listening(Proc):
    """A server: `start` returns once it listens on `port` (None: does not wait)."""

    port: int | None = None
    start_timeout: float = 60

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/"

    def errors(self) -> str:
        """Whatever else the server logs on its own (beyond its output)."""
        return ""

    def start(self) -> Listening:
        super().start()
        if self.port is not None:
            try:
                wait_port(self.port, timeout=self.start_timeout, proc=self.proc)
            except Exception as exc:
                raise RuntimeError(f"{self.name} did not start: {exc}\n{self.output()}\n{self.errors()}") from exc
        return self


class Daphne(Listening):
    start_timeout = 40

    def __init__(self, env: dict[str, str], port: int | None = None) -> None:
        self.port = port or free_port()
        super().__init__(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
             "config.asgi:application"],
            env, f"daphne-{self.port}",
        )


def celery_worker(env: dict[str, str], *, queues: str = "celery", name: str = "worker") -> Proc:
    """A solo-pool worker (one process: SIGKILL kills the task with it)."""
    return Proc(
        [sys.executable, "-m", "tests.resilience.celery_harness", "worker", "--pool=solo",
         "--concurrency=1", "--loglevel=info", f"--hostname={name}-{uuid.uuid4().hex[:6]}@%h",
         f"--queues={queues}", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env, name,
    )


def celery_beat(env: dict[str, str], *, name: str = "beat") -> Proc:
    schedule = Path(tempfile.mkdtemp(prefix="res-beat-")) / "schedule"
    return Proc(
        [sys.executable, "-m", "tests.resilience.celery_harness", "beat", "--loglevel=info",
         f"--schedule={schedule}"],
        env, name,
    )


def procfile(path: Path) -> dict[str, str]:
    """The processes of a Procfile: name -> command line."""
    entries = {}
    for line in path.read_text().splitlines():
        name, sep, command = line.partition(":")
        if sep and name.strip() and not name.lstrip().startswith("#"):
            entries[name.strip()] = command.strip()
    return entries


class FromProcfile(Listening):
    """One line of a Procfile run as honcho runs it (a shell expands its ${VAR:-default}s),
    with `extra` arguments appended; `port`: wait until it listens there."""

    def __init__(self, path: Path, name: str, env: dict[str, str], *, extra: str = "",
                 port: int | None = None, label: str | None = None) -> None:
        self.port = port
        command = procfile(path)[name]
        super().__init__(["sh", "-c", f"exec {command} {extra}".strip()], env, label or name)


class Nginx(Listening):
    """nginx with deploy/'s config, rendered for these ports (deploy/nginx.py), in the
    foreground, its files under a private directory."""

    def __init__(self, env: dict[str, str], *, http_port: int, ws_port: int, port: int | None = None) -> None:
        from deploy.nginx import render

        self.port = port or free_port()
        self.prefix = Path(tempfile.mkdtemp(prefix="nginx-"))
        # nginx's workers run as an unprivileged user when started as root: they must reach
        # the temp directories under the prefix (a buffered request body, e.g. a chunked one).
        self.prefix.chmod(0o755)
        self.conf = render(self.prefix, listen=f"127.0.0.1:{self.port}", http_upstream=f"127.0.0.1:{http_port}",
                           ws_upstream=f"127.0.0.1:{ws_port}", daemon=False,
                           access_log=str(self.prefix / "access.log"))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        super().__init__([nginx, "-p", str(self.prefix), "-c", str(self.conf), "-e", str(self.prefix / "error.log")],
                         env, f"nginx-{self.port}")

    def errors(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def cleanup(self) -> None:
        super().cleanup()
        shutil.rmtree(self.prefix, ignore_errors=True)


@contextlib.contextmanager
def running(*procs: Proc | RedisServer) -> Iterator[None]:
    """Start each in order; whatever happens, kill all of them afterwards."""
    try:
        for proc in procs:
            proc.start()
        yield
    finally:
        for proc in reversed(procs):
            proc.cleanup()


def wait_until(predicate, *, timeout: float, interval: float = 0.1, message: str = "condition",
               logs: tuple[Proc, ...] = ()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    tails = "\n".join(f"--- {p.name}:\n{p.output()}" for p in logs)
    raise AssertionError(f"{message} not reached within {timeout}s\n{tails}")
