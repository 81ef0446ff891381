"""The serving processes freeze their start-up objects (config/heap.py), checked on the modules
the deployed processes load: gunicorn's `config.wsgi` and daphne's `config.asgi`, each imported
in a fresh interpreter as the server imports it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.resilience.procs import ROOT, child_env

PROBE = (
    "import gc, json, sys; import {module}; "
    "print(json.dumps({{'frozen': gc.get_freeze_count(), 'threshold': gc.get_threshold(), "
    "'urlconf': 'config.urls' in sys.modules, 'views': 'social.api.expense_views' in sys.modules}}))"
)


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_a_serving_process_starts_with_its_views_loaded_and_frozen(module):
    env = child_env("", GC_THRESHOLD="900")
    out = subprocess.run([sys.executable, "-c", PROBE.format(module=module)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    state = json.loads(out.stdout.strip().splitlines()[-1])
    assert state["urlconf"] and state["views"], state  # loaded before the freeze, not by a first request
    assert state["frozen"] > 50_000, state  # Django, the apps and every view: out of the collector's way
    assert state["threshold"] == [900, 20, 100], state  # GC_THRESHOLD from the environment


def test_settle_freezes_what_is_loaded_and_leaves_young_objects_collectable():
    import gc

    from config.heap import settle

    before, was_frozen = gc.get_threshold(), gc.get_freeze_count() > 0
    try:
        frozen = settle()
        assert frozen == gc.get_freeze_count() > 0
        young = [[]]  # made after the freeze: tracked by the collector again
        assert gc.is_tracked(young)
        assert any(obj is young for obj in gc.get_objects(generation=0))
    finally:
        gc.unfreeze()
        if was_frozen:  # the suite's process froze itself when it imported config.asgi
            gc.freeze()
        gc.set_threshold(*before)
