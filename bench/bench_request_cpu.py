"""CPU per request in one daphne process: what one request costs the server, alone.

Sequential keep-alive requests (one at a time, so nothing queues) against one daphne
process; the figure is the process's user+system CPU time (from /proc) divided by the
number of requests. Three requests: GET /api/me (auth, one read, a small serializer),
POST /api/notifications/{id}/read (a write through an action and the change feed), and
GET /api/notifications (a page of 20).

`python bench/bench_request_cpu.py [--quick]`. Prints; asserts nothing.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_realtime import Http, make_notes, make_users, token  # noqa: E402
from bench.common import cpu_seconds, daphne, daphne_pid, quick, setup_django  # noqa: E402

REQUESTS = 100 if quick() else 300


async def measure(base: str, bearer: str, note_ids: list[str]) -> None:
    host = base.removeprefix("http://")
    conn = Http(host, bearer)
    pid = daphne_pid(int(host.rsplit(":", 1)[1]))

    async def get(path: str) -> int:
        if conn.writer is None:
            conn.reader, conn.writer = await asyncio.open_connection(*host.split(":"))
        assert conn.reader is not None
        conn.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {bearer}\r\n\r\n".encode())
        status = int((await conn.reader.readline()).split()[1])
        length = 0
        while (line := await conn.reader.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length"):
                length = int(line.split(b":")[1])
        await conn.reader.readexactly(length)
        return status

    notes = iter(note_ids)
    cases = [
        ("GET /api/me", lambda: get("/api/me")),
        ("POST /api/notifications/{id}/read", lambda: conn.post(f"/api/notifications/{next(notes)}/read")),
        ("GET /api/notifications?limit=20", lambda: get("/api/notifications?limit=20")),
    ]
    for _, call in cases:  # warm every path up (imports, first queries)
        for _ in range(30):
            await call()
    for label, call in cases:
        cpu, wall = cpu_seconds(pid), time.perf_counter()
        for _ in range(REQUESTS):
            await call()
        per_cpu = (cpu_seconds(pid) - cpu) / REQUESTS * 1000
        per_wall = (time.perf_counter() - wall) / REQUESTS * 1000
        print(f"{label:<36} daphne CPU {per_cpu:5.2f} ms/request, wall {per_wall:5.2f} ms/request")
    conn.close()


def main() -> None:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # seeding from this script
    setup_django("hisaab_bench_request_cpu")
    [user] = make_users(1)
    note_ids = make_notes(user, REQUESTS + 60)
    print(f"bench_request_cpu: one daphne process (DB_POOL_SIZE=8, no access log), {REQUESTS} "
          f"sequential requests each; load average {os.getloadavg()[0]:.2f}")
    with daphne(env={"DB_POOL_SIZE": "8", "LOG_LEVEL": "ERROR"}) as base:
        asyncio.run(measure(base, token(user), note_ids))


if __name__ == "__main__":
    main()
