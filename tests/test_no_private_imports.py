"""No module of ours imports a private name (or a private module) of the libraries it runs on:
an upgrade of any of them must not silently change what we depend on (issue 14)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ("django", "rest_framework", "channels", "channels_redis", "daphne", "twisted", "autobahn",
             "celery", "kombu", "rest_framework_simplejwt", "drf_spectacular", "psycopg", "gunicorn", "babel",
             "ofxtools", "whitenoise", "corsheaders")
OURS = ("config", "ledger", "social", "invoicing", "realtime", "bench", "tests")


def _private(dotted: str) -> bool:
    return any(part.startswith("_") and not (part.startswith("__") and part.endswith("__")) for part in dotted.split("."))


def private_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] in LIBRARIES:
            found += [f"from {node.module} import {a.name}" for a in node.names
                      if _private(node.module) or _private(a.name)]
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] in LIBRARIES and _private(a.name)]
    return found


def test_the_check_sees_a_private_import():
    assert private_imports("from django.core.handlers.asgi import _handler_class") != []
    assert private_imports("import twisted.internet._sslverify") != []
    assert private_imports("from autobahn.websocket._protocol import x") != []
    assert private_imports("from django.utils.translation import gettext_lazy as _") == []
    assert private_imports("from .models import _local") == []


def test_no_module_imports_a_private_name_of_a_library():
    offenders = {}
    for top in OURS:
        for path in (ROOT / top).rglob("*.py"):
            found = private_imports(path.read_text(encoding="utf-8"))
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}
