"""The production layout of deploy/, started by the test: the Procfile's gunicorn (HTTP) and
daphne (/ws/), optionally its Celery worker and beats, and nginx in front with the rendered
deploy config, all on free loopback ports against the test database and this run's Redis."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.resilience.procs import ROOT, FromProcfile, Nginx, Proc, child_env, free_port, running

PROCFILE = ROOT / "deploy" / "Procfile"


def collect_static() -> None:
    """nginx serves STATIC_ROOT: fill it as a deployment does (collectstatic)."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


@contextlib.contextmanager
def production(*, beats: int = 0, **settings: str) -> Iterator[tuple[Nginx, list[Proc]]]:
    """nginx's URL is what a client uses; with `beats`, a worker and that many beats run too
    (each beat with its own schedule file, as on two machines)."""
    http_port, ws_port, port = free_port(), free_port(), free_port()
    origin = f"http://127.0.0.1:{port}"
    env = child_env(
        os.environ["REDIS_URL"], GUNICORN_BIND=f"127.0.0.1:{http_port}", GUNICORN_WORKERS="1",
        DAPHNE_PORT=str(ws_port), CSRF_TRUSTED_ORIGINS=origin, WEBSOCKET_ALLOWED_ORIGINS=origin,
        SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0", TRUSTED_PROXIES="127.0.0.1", **settings,
    )
    procs: list[Proc] = [
        FromProcfile(PROCFILE, "web", env, port=http_port),
        FromProcfile(PROCFILE, "ws", env, port=ws_port),
    ]
    if beats:
        procs.append(FromProcfile(PROCFILE, "worker", env, extra="--loglevel=info"))
        for n in range(beats):
            schedule = Path(tempfile.mkdtemp(prefix="beat-")) / "schedule"
            procs.append(FromProcfile(PROCFILE, "beat", env, extra=f"--loglevel=info --schedule={schedule}",
                                      label=f"beat-{n}"))
    nginx = Nginx(env, http_port=http_port, ws_port=ws_port, port=port)
    with running(*procs, nginx):
        yield nginx, procs
