"""Bodies for the API, so tests say only what matters to them."""

from __future__ import annotations

from typing import Any


def expense_body(payers: dict, split: dict, *, amount: str = "100.00", group=None, **over: Any) -> dict:
    body = {
        "group": str(group.pk) if group is not None else None,
        "description": "Dinner",
        "amount": amount,
        "currency": "INR",
        "date": "2026-11-21",
        "paid_by": [{"user": str(u.pk), "amount": a} for u, a in payers.items()],
        "split": split,
    }
    body.update(over)
    return body


def equal(*users) -> dict:
    return {"method": "equal", "between": [str(u.pk) for u in users]}
