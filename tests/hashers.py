"""The password hasher the test suite uses (config/settings.py, under TESTING).

Tests make hundreds of users, and a full-strength PBKDF2 hash (1,000,000 rounds, ~0.45 s on a
2-core machine) for each one was much of the suite's CPU; a few directories had switched to MD5
on their own, which a child server without TESTING could not verify. This is the same algorithm under the
same name with fewer rounds: the rounds are written into each hash, so Django's own
PBKDF2PasswordHasher still verifies these hashes, in a child process started without TESTING as
much as anywhere else (tests/test_password_hashing.py)."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000
