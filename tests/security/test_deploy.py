"""Production settings pass `manage.py check --deploy`, and no secret is committed."""

from __future__ import annotations

import math
import os
import re
import secrets
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hisaab"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "hisaab.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://hisaab.example.com",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_app_refuses_to_start_without_a_secret_key_in_production():
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


# Documented development/test placeholders (not secrets): they say so in their text.
PLACEHOLDER = re.compile(r"(test|bench|dev|demo|example|insecure|not-for-production|placeholder|changeme)", re.I)
PRIVATE_KEY = re.compile(r"-----BEGIN (RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY")
KNOWN_TOKENS = re.compile(
    r"(AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}|github_pat_\w{40,}|xox[baprs]-[\w-]{10,}|"
    r"sk_live_\w{16,}|AIza[0-9A-Za-z_\-]{35}|glpat-[\w-]{20})"
)
ASSIGNED = re.compile(
    r"""(?i)(secret|password|passwd|token|api_key|apikey|signing_key|private_key)\w*["']?\s*[:=]\s*["']([^"'\s]{12,})["']"""
)


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / name for name in out.stdout.split("\0") if name]


def test_no_secret_is_committed():
    findings = []
    for path in _tracked_files():
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text()
        except (UnicodeDecodeError, OSError):
            continue
        rel = path.relative_to(ROOT)
        if path.name.startswith(".env") and path.name != ".env.example":
            findings.append(f"{rel}: an env file is tracked")
        for match in PRIVATE_KEY.finditer(text):
            findings.append(f"{rel}: private key block at offset {match.start()}")
        for match in KNOWN_TOKENS.finditer(text):
            findings.append(f"{rel}: provider token {match.group(0)[:8]}…")
        for match in ASSIGNED.finditer(text):
            value = match.group(2)
            if PLACEHOLDER.search(value) or value.startswith(("{", "$", "<", "%")):
                continue
            if _entropy(value) >= 3.5 and re.search(r"\d", value) and re.search(r"[A-Za-z]", value):
                findings.append(f"{rel}: high-entropy value assigned to {match.group(1)!r}")
    assert not findings, "\n".join(findings)


def test_the_secret_scanner_catches_a_planted_key():
    # Built at run time so that this file itself holds no secret-looking literal.
    value = secrets.token_urlsafe(24) + "7a"
    match = ASSIGNED.search(f'SECRET_KEY = "{value}"')
    assert match and not PLACEHOLDER.search(match.group(2)) and _entropy(match.group(2)) >= 3.5
    assert KNOWN_TOKENS.search("key = " + "AKIA" + "ABCDEFGHIJKLMNOP")
    assert PRIVATE_KEY.search("-----BEGIN RSA " + "PRIVATE KEY-----")
