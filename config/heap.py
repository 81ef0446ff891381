"""The garbage collector in a serving process (gunicorn worker, daphne).

Everything loaded at start-up (Django, the apps, the URLconf with every view and serializer:
some 177,000 objects) lives as long as the process. Left in the collector's generations, every
full collection walks all of it: 75-81 ms of CPU on a quiet machine here (bench/bench_heap.py),
a pause of the whole process each time enough objects have outlived their requests. `settle()`
loads the URLconf (views are otherwise imported by the first request), collects once and moves
what is left to the permanent generation (`gc.freeze`, the standard library's public API for
this), so collections walk only what requests and sockets made since: under 0.1 ms.

The youngest generation keeps Python's default size (GC_THRESHOLD, 700): every collection of it
stops the whole process, and a pause grows with the generation's size (50,000 gave 30-100 ms
pauses, which were the write-to-socket p99).
"""

from __future__ import annotations

import gc
import os
from importlib import import_module


def settle() -> int:
    """Load the URLconf, collect, freeze; returns how many objects were frozen."""
    from django.conf import settings

    import_module(settings.ROOT_URLCONF)
    gc.collect()
    gc.freeze()
    gc.set_threshold(int(os.environ.get("GC_THRESHOLD", "700")), 20, 100)
    return gc.get_freeze_count()
