"""Ctrl-C on `make run`: honcho with config/Procfile (gunicorn, daphne, Celery worker and beat) stops
every process within 10 s, logs no error, and leaves no process behind. A terminal's Ctrl-C
sends SIGINT to the whole foreground process group, so the test does the same."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from pathlib import Path

import pytest
import requests

from tests.resilience.procs import ROOT, Proc, child_env, free_port, wait_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ERROR_LINE = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b|exited with|Killed|SIGKILL|Unrecoverable|\w+Error:|Exception:")


def _session_members(sid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":  # fields: state, ppid, pgrp, session
                members.append(int(entry.name))
    return members


def test_ctrl_c_stops_every_process_quickly_and_cleanly():
    port = free_port()
    env = child_env(os.environ["REDIS_URL"], DEBUG="1", HISAAB_PORT=str(port))
    honcho = Proc([str(ROOT / ".venv" / "bin" / "honcho"), "-f", "config/Procfile", "-d", ".", "start"], env, "honcho")
    try:
        honcho.start()
        wait_port(port, timeout=60, proc=honcho.proc)
        wait_port(port + 1, timeout=60, proc=honcho.proc)  # daphne, for /ws/
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
        deadline = time.monotonic() + 60
        while "LocalTime ->" not in honcho.output(tail=None):  # beat's banner
            assert time.monotonic() < deadline, honcho.output()
            time.sleep(0.2)
        time.sleep(3)  # worker and beat are up
        children = _session_members(honcho.pid)
        assert len(children) >= 5, children  # honcho and its four: web (gunicorn), ws (daphne), worker, beat
        started = time.monotonic()
        os.killpg(honcho.pid, signal.SIGINT)
        while _session_members(honcho.pid) and time.monotonic() - started < 15:
            time.sleep(0.1)
        took = time.monotonic() - started
        left = _session_members(honcho.pid)
        log = honcho.output(tail=None)
        assert left == [], (left, log[-3000:])
        assert took < 10, (took, log[-3000:])
        errors = [line for line in log.splitlines() if ERROR_LINE.search(line)]
        assert errors == [], "\n".join(errors)
        assert "SIGINT received" in log and honcho.proc.poll() is not None
    finally:
        for pid in _session_members(honcho.pid):  # what a failed check left running
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        honcho.cleanup()
