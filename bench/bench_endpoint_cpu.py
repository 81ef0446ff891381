"""CPU and queries per request for each endpoint of the load bench's mix, in-process.

The load bench's data (bench_load.seed, 60 users) and requests (bench_load.workload), sent one
at a time through Django's test client in this process, so nothing queues and no server or
network is in the figure: the cost of Django, DRF, the ORM and psycopg for that request alone
(process CPU time, 30 requests of each after 10 of warm-up) and the number of SQL statements.
The last line weighs the medians by the load bench's mix: what one request of that mix costs
Django alone, the floor under a server process's CPU per request in bench_load.

`python bench/bench_endpoint_cpu.py`. Prints; asserts nothing about the figures.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django  # noqa: E402

WARMUP, MEASURED = 10, 30


def main() -> None:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    setup_django(os.environ.get("ENDPOINT_CPU_DATABASE", "hisaab_bench_endpoint_cpu"))
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import bench.bench_load as load

    settings.ALLOWED_HOSTS = ["*"]
    load.USERS = 60
    ctx = load.seed()
    client, rng = Client(), random.Random(1)
    cpu: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, int] = {}
    weights: dict[str, float] = {}
    for weight, make in load.workload(ctx):
        for n in range(WARMUP + MEASURED):
            user, (label, method, path, body) = make(rng)
            auth = {"HTTP_AUTHORIZATION": f"Bearer {ctx['tokens'][user]}"}
            with CaptureQueriesContext(connection) as captured:
                started = time.process_time()
                if method == "GET":
                    response = client.get(path, **auth)
                else:
                    response = client.generic(method, path, json.dumps(body), content_type="application/json", **auth)
                used = time.process_time() - started
            if response.status_code >= 300:
                print(f"{label}: {response.status_code} {response.content[:200]!r}")
                break
            if n >= WARMUP:
                weights[label] = weight
                cpu[label].append(used)
                queries[label] = len(captured.captured_queries)
    print(f"per request, in-process, one at a time ({MEASURED} each after {WARMUP} of warm-up); "
          f"load average {os.getloadavg()[0]:.2f}")
    for label, values in cpu.items():
        print(f"  {label:<38} {queries[label]:3d} statements  CPU median {1000 * statistics.median(values):6.2f} ms")
    # One request of the load bench's mix (its weights), alone: the floor under what a server
    # process spends per request of bench_load, before any server, network or concurrency cost.
    mixed = sum(weights[label] * statistics.median(values) for label, values in cpu.items()) / sum(weights.values())
    print(f"  {'the load mix, weighted':<38} {'':14}  CPU        {1000 * mixed:6.2f} ms")


if __name__ == "__main__":
    main()
