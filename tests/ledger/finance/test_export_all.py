"""All of a person's finance data in one ZIP (`GET /api/finance/export`): JSON and one CSV per
kind, only their own."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db


def _setup(user, payee: str) -> None:
    c = client_for(user)
    account = c.post("/api/finance/accounts", {"name": "Bank", "kind": "bank", "currency": "INR"},
                     format="json").json()["id"]
    category = c.post("/api/finance/categories", {"name": "Pets"}, format="json").json()["id"]
    assert c.post("/api/finance/transactions", {"account_id": account, "direction": "expense", "amount": "250.50",
                                                "date": "2026-02-01", "category_id": category, "payee": payee},
                  format="json").status_code == 201
    assert c.post("/api/finance/budgets", {"name": "Pets", "amount": "1000", "category_id": category},
                  format="json").status_code == 201
    assert c.post("/api/finance/rates", {"base": "USD", "quote": "INR", "rate": "83.10",
                                         "effective_date": "2026-01-01"}, format="json").status_code == 201


def test_everything_of_mine_and_nothing_of_anyone_else(alice, bob):
    _setup(alice, "Vet")
    _setup(bob, "Bob's vet")
    response = client_for(alice).get("/api/finance/export")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("finance/data.json"))["entities"]
    assert [t["payee"] for t in data["finance_transaction"]] == ["Vet"]
    assert [t["amount"] for t in data["finance_transaction"]] == ["250.50"]
    assert [b["name"] for b in data["finance_budget"]] == ["Pets"]
    assert [a["name"] for a in data["finance_account"]] == ["Bank"]
    assert "Pets" in {c["name"] for c in data["finance_category"]}
    assert [(r["base"], r["rate"]) for r in data["exchange_rate"]] == [("USD", "83.1")]
    assert not any(name.startswith(("expense", "group", "khata")) for name in data)
    rows = list(csv.DictReader(io.StringIO(archive.read("finance/finance_transaction.csv").decode())))
    assert [(r["payee"], r["amount"]) for r in rows] == [("Vet", "250.50")]


def test_unknown_parameters_are_refused(alice):
    assert_error(client_for(alice).get("/api/finance/export", {"from": "2026-01-01"}), 400, "unknown_parameter")


def test_the_transactions_page_links_to_it(alice, client):
    client.force_login(alice)
    assert 'href="/api/finance/export"' in client.get("/finance/transactions/").content.decode()
    assert client.get("/api/finance/export").status_code == 200  # the page's session is enough
