"""schemathesis against /api/schema/: every operation, every built-in check, authenticated as
a demo user, over HTTP against a real daphne process (real PostgreSQL and Redis).

Each operation is fuzzed with schema-valid (positive) and schema-invalid (negative) data,
first with random path parameters, then — where the access-sweep table knows how to make
one — with a real object of the user's. Failures are collected over all operations and
reported together. The budget per operation is RES_FUZZ_EXAMPLES (default 5).
"""

from __future__ import annotations

import os
import traceback
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import CHECKS
from schemathesis.generation.modes import GenerationMode

from social.models import User
from tests.helpers import client_for
from tests.security.objects import ACCESS, World
from tests.security.routes import object_routes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

EXAMPLES = int(os.environ.get("RES_FUZZ_EXAMPLES", "5"))
# Every built-in check except positive_data_acceptance: it demands 2xx for any schema-valid
# input, which a domain API cannot give (a valid-looking expense between strangers is a 400
# by design; a random uuid is a 404). Server errors and schema violations are all checked.
EXCLUDED = {"positive_data_acceptance"}
CHECK_NAMES = [name for name in CHECKS.get_all_names() if name not in EXCLUDED]


def _schema() -> Any:
    document = client_for(None).get("/api/schema/?format=json").json()
    return schemathesis.openapi.from_dict(document)


def _path_for(route_path: str) -> str:
    import re

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route_path)


def _fuzz(operation: Any, headers: dict[str, str], mode: GenerationMode,
          path_parameters: dict[str, Any] | None, checks: list, base_url: str) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(base_url=base_url, headers=headers, checks=checks, timeout=30)

    run()


def test_fuzz_every_operation_with_every_check(daphne_server):
    call_command("seed_demo", verbosity=0)
    users = {h: User.objects.get(email=f"{h}@example.com") for h in ("alice", "bob", "carol")}
    world = World(users["alice"], client_for(users["alice"]), users["bob"], client_for(users["bob"]),
                  users["carol"], client_for(users["carol"]))
    from rest_framework_simplejwt.tokens import AccessToken

    headers = {"Authorization": f"Bearer {AccessToken.for_user(users['alice'])}"}
    checks = [CHECKS.get_one(name) for name in CHECK_NAMES]
    real_objects = {_path_for(route.path): name for name, route in object_routes().items() if name in ACCESS}

    schema = _schema()
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        label = f"{operation.method.upper()} {operation.path}"
        runs: list[dict[str, Any] | None] = [None]
        if operation.path in real_objects:
            runs.append(ACCESS[real_objects[operation.path]](world))
        for params in runs:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                try:
                    _fuzz(operation, headers, mode, params, checks, daphne_server.url)
                except KeyboardInterrupt:
                    raise
                except BaseException as exc:  # noqa: BLE001 - schemathesis raises a BaseExceptionGroup
                    detail = "".join(traceback.format_exception_only(type(exc), exc))[-1500:]
                    failures.append(f"{label} [{mode.value}{' real object' if params else ''}]: {detail}")
    assert operations > 0
    server_errors = [line for line in daphne_server.output(tail=None).splitlines()
                     if "Error" in line or "Unhandled" in line][-40:]
    assert not failures, (f"{len(failures)} failing runs:\n\n" + "\n\n".join(failures)
                          + "\n\nserver log:\n" + "\n".join(server_errors))
