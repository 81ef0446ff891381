"""Sockets under faults, with real daphne processes and a private redis-server:

- Redis stopped for 10 s while API writes continue: every write succeeds (the feed is in
  PostgreSQL); once Redis is back, every socket has everything within 5 s, with no process
  restarted and no gap or duplicate.
- A daphne process killed (SIGKILL) with clients connected: they reconnect to the other
  process and resume from their cursor with no gap and no duplicate.
"""

from __future__ import annotations

import threading
import time

import pytest
from rest_framework_simplejwt.tokens import AccessToken

from tests.resilience.devices import SocketDevice
from tests.resilience.procs import Daphne, RedisServer, child_env
from tests.resilience.workload import NotificationWrites, head_of, http

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _assert_exact(device: SocketDevice, head: int, start: int = 0) -> None:
    assert device.record.gaps == [], f"gaps: {device.record.gaps}"
    assert device.record.duplicates == [], f"duplicates: {device.record.duplicates}"
    assert device.seqs() == list(range(start + 1, head + 1))


def test_redis_down_for_10s_loses_nothing_and_sockets_catch_up_within_5s(alice, bob):
    redis_server = RedisServer()
    server = Daphne(child_env(redis_server.url))
    devices: list[SocketDevice] = []
    try:
        redis_server.start()
        server.start()
        pid = server.pid
        users = {u: NotificationWrites(u, stock=60) for u in (alice, bob)}
        tokens = {u: str(AccessToken.for_user(u)) for u in users}
        for user in users:
            for _ in range(3):  # three devices each
                devices.append(SocketDevice([server.ws_url], tokens[user], reconnect=False))
        for device in devices:
            device.start()
        for device, user in zip(devices, [u for u in users for _ in range(3)], strict=True):
            device.wait_for_cursor(head_of(user), timeout=10)

        redis_server.stop()
        failures, writes = [], 0
        outage_end = time.monotonic() + 10
        while time.monotonic() < outage_end:
            for user, work in users.items():
                method, path, body = work.next_write()
                status, answer = http(server.url, method, path, tokens[user], body)
                writes += 1
                if not 200 <= status < 300:
                    failures.append((path, status, answer))
            time.sleep(0.2)
        assert failures == [], f"{len(failures)} of {writes} writes failed while Redis was down: {failures[:3]}"

        redis_server.start()  # same port
        back = time.monotonic()
        waited = [
            device.wait_for_cursor(head_of(user), timeout=5 - (time.monotonic() - back))
            for device, user in zip(devices, [u for u in users for _ in range(3)], strict=True)
        ]
        assert server.alive() and server.pid == pid, "the web process was restarted"
        for device, user in zip(devices, [u for u in users for _ in range(3)], strict=True):
            _assert_exact(device, head_of(user))
            assert len(device.record.connects) == 1, "a socket had to reconnect"
        for work in users.values():
            assert work.applied() == writes // 2
        print(f"redis outage: {writes} writes ok; all sockets complete {max(waited):.2f}s after Redis returned")
    finally:
        for device in devices:
            device.stop()
        server.cleanup()
        redis_server.cleanup()


def test_killed_daphne_clients_resume_on_the_other_process_without_gap_or_duplicate(alice, bob):
    redis_server = RedisServer()
    env = child_env("")  # filled below
    a = b = None
    devices: list[SocketDevice] = []
    try:
        redis_server.start()
        env = child_env(redis_server.url)
        a, b = Daphne(env), Daphne(env)
        a.start()
        b.start()
        users = {u: NotificationWrites(u, stock=120) for u in (alice, bob)}
        tokens = {u: str(AccessToken.for_user(u)) for u in users}
        owners = [u for u in users for _ in range(10)]  # ten devices each, all on A
        devices = [SocketDevice([a.ws_url, b.ws_url], tokens[u]) for u in owners]
        for device in devices:
            device.start()

        stop = threading.Event()
        errors: list = []

        def writer() -> None:
            while not stop.is_set():
                for user, work in users.items():
                    if not work.queue:
                        return
                    method, path, body = work.next_write()
                    status, answer = http(b.url, method, path, tokens[user], body)
                    if not 200 <= status < 300:
                        errors.append((status, answer))
                time.sleep(0.02)

        thread = threading.Thread(target=writer)
        thread.start()
        time.sleep(1.5)
        a.kill()  # mid-stream, clients connected
        time.sleep(2.5)
        stop.set()
        thread.join(30)
        assert errors == []

        for device, user in zip(devices, owners, strict=True):
            device.wait_for_cursor(head_of(user), timeout=15)
        time.sleep(0.5)  # anything extra (a duplicate) would arrive now
        for device, user in zip(devices, owners, strict=True):
            _assert_exact(device, head_of(user))
            assert device.record.connects[0] == a.ws_url and b.ws_url in device.record.connects
    finally:
        for device in devices:
            device.stop()
        for server in (a, b):
            if server is not None:
                server.cleanup()
        redis_server.cleanup()
