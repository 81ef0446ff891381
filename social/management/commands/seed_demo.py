"""manage.py seed_demo: named demo users and a little data in every area.

Safe to run again: users are reused and each area's seed skips what exists."""

from __future__ import annotations

from importlib import import_module

from django.core.management.base import BaseCommand

from social.actions import register_user
from social.models import User

DEMO_PASSWORD = "hisaab-demo-2026"
DEMO_USERS = [
    ("alice", "Alice Sharma", "+919876500001"),
    ("bob", "Bob Mehta", "+919876500002"),
    ("carol", "Carol D'Souza", "+919876500003"),
    ("dave", "Dave Iyer", "+919876500004"),
]
# Each area adds its demo data in <app>/demo.py: seed(users).
AREAS = ["social.demo", "ledger.khata.demo", "ledger.finance.demo", "invoicing.demo"]


def demo_users() -> dict[str, User]:
    users = {}
    for handle, name, phone in DEMO_USERS:
        email = f"{handle}@example.com"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = register_user(email=email, password=DEMO_PASSWORD, name=name, phone=phone)
        users[handle] = user
    return users


class Command(BaseCommand):
    help = "Create demo users (alice, bob, carol, dave) and demo data in every area."

    def handle(self, *args, **options) -> None:
        users = demo_users()
        for module in AREAS:
            import_module(module).seed(users)
        if not User.objects.filter(email="admin@example.com").exists():
            User.objects.create_superuser("admin@example.com", DEMO_PASSWORD, name="Admin")
        self.stdout.write(
            f"Demo users: {', '.join(u + '@example.com' for u, _, _ in DEMO_USERS)} "
            f"and admin@example.com (staff), password: {DEMO_PASSWORD}"
        )
