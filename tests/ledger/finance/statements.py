"""Helpers of the statement-import tests: fixtures on disk, uploads through the real API."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

FIXTURES = Path(__file__).parent / "fixtures" / "statements"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload(client, account, name: str, fmt: str | None = None, content: bytes | None = None, **extra):
    """POST the fixture (or `content`) as a file upload to the preview endpoint."""
    import json

    data = {"account_id": str(account.id), "format": fmt or name.rsplit(".", 1)[1].replace("qfx", "ofx"),
            "file": SimpleUploadedFile(name, fixture(name) if content is None else content), **extra}
    if isinstance(data.get("mapping"), dict):
        data["mapping"] = json.dumps(data["mapping"])
    return client.post("/api/finance/imports", data, format="multipart")


def rows_of(body: dict) -> list[tuple]:
    return [(r["line"], r["date"], r["amount"] and (("-" if r["direction"] == "expense" else "") + r["amount"]),
             r["payee"], r["status"], r["reason"]) for r in body["rows"]]
