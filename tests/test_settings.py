"""Settings come from the environment, and production values pass `check --deploy`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'layer': s.CHANNEL_LAYERS['default']['BACKEND'], 'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG, "
    "'hosts': s.ALLOWED_HOSTS, 'access': s.SIMPLE_JWT['ACCESS_TOKEN_LIFETIME'].total_seconds(), "
    "'csrf': s.CSRF_TRUSTED_ORIGINS}))"
)


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "TESTING"}}
    base.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60)


def _probe(env: dict[str, str]) -> dict:
    result = _run(env, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_need_no_server():
    found = _probe({"DEBUG": "1"})
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["layer"] == "channels.layers.InMemoryChannelLayer"
    assert found["broker"] == "filesystem://"
    assert found["debug"] is True


def test_services_come_from_the_environment():
    found = _probe({
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://u:p@db.internal:5433/money",
        "REDIS_URL": "redis://cache.internal:6380/2",
        "ALLOWED_HOSTS": "hisaab.example,api.hisaab.example",
        "CSRF_TRUSTED_ORIGINS": "https://hisaab.example",
        "JWT_ACCESS_MINUTES": "5",
    })
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["name"] == "money"
    assert found["layer"] == "channels_redis.core.RedisChannelLayer"
    assert found["broker"] == "redis://cache.internal:6380/2"
    assert found["debug"] is False
    assert found["hosts"] == ["hisaab.example", "api.hisaab.example"]
    assert found["access"] == 300
    assert found["csrf"] == ["https://hisaab.example"]


def test_secret_key_is_required_without_debug():
    result = _run({}, "-c", "import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_passes_with_production_values():
    result = _run(
        {
            "SECRET_KEY": "k3y-" + "Zq9xW2vB7nM4pL8rT1yU6iO3aS5dF0gH" * 2,
            "ALLOWED_HOSTS": "hisaab.example",
            "SECURE_SSL_REDIRECT": "1",
            "SECURE_HSTS_SECONDS": "31536000",
            "DATABASE_URL": "sqlite:////tmp/hisaab-deploy-check.sqlite3",
        },
        "manage.py", "check", "--deploy", "--fail-level", "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
