"""Demo data for this area (called by manage.py seed_demo)."""


def seed(users: dict) -> None:
    """`users` maps alice, bob, carol, dave to User objects."""
