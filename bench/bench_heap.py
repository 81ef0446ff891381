"""What a full garbage collection costs a gunicorn worker, with and without its start-up objects
frozen (config/heap.py).

Imports `config.wsgi` as gunicorn does (which loads the URLconf, collects and freezes), times
full collections, then unfreezes and times them again: the pause every full collection was
before the freeze. Needs no database (nothing is queried).

`python bench/bench_heap.py`. Prints; asserts nothing.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH_SECRET  # noqa: E402

ROUNDS = 5


def full_collections() -> list[float]:
    times = []
    for _ in range(ROUNDS):
        started = time.process_time()
        gc.collect()
        times.append(1000 * (time.process_time() - started))
    return times


def main() -> None:
    os.environ.setdefault("SECRET_KEY", BENCH_SECRET)
    os.environ.setdefault("TESTING", "1")
    import config.wsgi  # noqa: F401 - as gunicorn loads it: settles the heap

    frozen = gc.get_freeze_count()
    with_freeze = full_collections()
    gc.unfreeze()
    without = full_collections()
    tracked = len(gc.get_objects())
    print(f"full collection in a gunicorn worker's heap ({frozen:,} start-up objects frozen; "
          f"{tracked:,} tracked once unfrozen), CPU ms over {ROUNDS}; load average {os.getloadavg()[0]:.2f}")
    print(f"  frozen (as deployed): median {statistics.median(with_freeze):7.2f} ms  max {max(with_freeze):7.2f} ms")
    print(f"  unfrozen:             median {statistics.median(without):7.2f} ms  max {max(without):7.2f} ms")


if __name__ == "__main__":
    main()
