"""The suite hashes passwords with fewer rounds (tests/hashers.py); production keeps Django's
defaults, and each side verifies what the other made."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher, make_password

from tests.test_settings import _run

PASSWORD = "correct-horse-battery-staple"

# In a process started without TESTING, as a child server may be: its hasher, whether it
# accepts the suite's hash, and the full-strength hash it makes for the suite to check.
PRODUCTION = (
    "import django, json, sys; django.setup(); "
    "from django.contrib.auth.hashers import check_password, get_hasher, make_password; "
    "print(json.dumps({'hasher': get_hasher().algorithm, 'iterations': get_hasher().iterations, "
    "'accepts': check_password(sys.argv[1], sys.argv[2]), 'made': make_password(sys.argv[1])}))"
)


def test_the_suite_hashes_with_fewer_rounds_of_the_same_algorithm():
    assert get_hasher().__class__.__name__ == "QuickPBKDF2PasswordHasher"
    assert get_hasher().iterations < 10_000
    assert make_password(PASSWORD).split("$")[:2] == ["pbkdf2_sha256", str(get_hasher().iterations)]
    assert not settings.PASSWORD_HASHERS[0].endswith(".PBKDF2PasswordHasher")


def test_production_keeps_djangos_hasher_and_each_side_verifies_the_other():
    quick = make_password(PASSWORD)
    result = _run({"DEBUG": "1"}, "-c", PRODUCTION, PASSWORD, quick)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["hasher"] == "pbkdf2_sha256"
    assert found["iterations"] >= 600_000  # Django's default, not the suite's
    assert found["accepts"] is True
    assert found["made"].startswith(f"pbkdf2_sha256${found['iterations']}$")
    assert check_password(PASSWORD, found["made"])
    assert not check_password("wrong-" + PASSWORD, found["made"])
