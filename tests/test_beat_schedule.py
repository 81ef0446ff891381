"""The beat the Procfiles start (`celery -A config beat`) schedules every job of config/beat.py.

The app is found the way Celery's command line finds it (`-A config`), in a fresh process
with the real settings: nothing here sets a schedule.
"""

from __future__ import annotations

import json

from celery.schedules import crontab

from config.beat import BEAT_SCHEDULE
from tests.test_settings import _run

PROBE = (
    "import json; from celery.app.utils import find_app; app = find_app('config'); "
    "app.loader.import_default_modules(); "
    "print(json.dumps({'schedule': {name: [entry['task'], repr(entry['schedule'])] "
    "for name, entry in app.conf.beat_schedule.items()}, 'tasks': sorted(app.tasks)}))"
)


def _as_celery_finds_it(**env: str) -> dict:
    result = _run({"DEBUG": "1", **env}, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_real_app_schedules_every_job_with_its_task_registered():
    found = _as_celery_finds_it()
    assert BEAT_SCHEDULE, "config/beat.py lists no job"
    assert set(found["schedule"]) == set(BEAT_SCHEDULE)
    for name, entry in BEAT_SCHEDULE.items():
        task, schedule = found["schedule"][name]
        assert task == entry["task"]
        assert schedule == repr(entry["schedule"])
        assert task in found["tasks"], f"{name}: task {task} is not registered"
    assert all(isinstance(entry["schedule"], crontab) for entry in BEAT_SCHEDULE.values())


def test_beat_every_seconds_compresses_every_job_and_nothing_else():
    found = _as_celery_finds_it(BEAT_EVERY_SECONDS="2")
    assert set(found["schedule"]) == set(BEAT_SCHEDULE)
    for name, entry in BEAT_SCHEDULE.items():
        task, schedule = found["schedule"][name]
        assert task == entry["task"]
        assert schedule == repr(2.0)
