"""Export (CSV in Splitwise's layout, JSON) and Splitwise CSV import with member mapping."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from social import balances
from social.models import Expense, Settlement
from tests.helpers import assert_error
from tests.social.factories import equal, expense_body

pytestmark = pytest.mark.django_db

SPLITWISE = """Date,Description,Category,Cost,Currency,Alice S,Bob M,Carol D

2026-10-01,Hotel,Accommodation,300.00,INR,200.00,-100.00,-100.00
2026-10-02,Taxi,Transportation,50.00,INR,-25.00,25.00,0.00
2026-10-03,Bob paid Alice,Payment,40.00,INR,-40.00,40.00,0.00

2026-10-03,Total balance, , ,INR,135.00,-35.00,-100.00
"""


def test_import_a_splitwise_export_then_export_it_back(trip, alice, bob, carol, alice_client):
    mapping = {"Alice S": str(alice.pk), "Bob M": str(bob.pk), "Carol D": str(carol.pk)}
    response = alice_client.post(f"/api/groups/{trip.pk}/import", {"csv": SPLITWISE, "members": mapping}, format="json")
    assert response.status_code == 201, response.content
    assert response.json() == {"imported": 3, "skipped": 0, "duplicates": 0}
    assert Expense.objects.filter(group=trip).count() == 2 and Settlement.objects.filter(group=trip).count() == 1
    nets = balances.group_balances(trip.pk)["INR"]
    assert nets == {alice.pk: Decimal("135.00"), bob.pk: Decimal("-35.00"), carol.pk: Decimal("-100.00")}
    exported = alice_client.get(f"/api/groups/{trip.pk}/export.csv")
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:5] == ["Date", "Description", "Category", "Cost", "Currency"]
    assert len(rows) == 4
    data = alice_client.get(f"/api/groups/{trip.pk}/export.json").json()
    assert len(data["expenses"]) == 2 and len(data["settlements"]) == 1 and data["group"]["name"] == "Goa trip"


def test_import_refuses_bad_files_and_mappings_and_writes_nothing(trip, alice, bob, carol, dave, alice_client):
    url = f"/api/groups/{trip.pk}/import"
    good = {"Alice S": str(alice.pk), "Bob M": str(bob.pk), "Carol D": str(carol.pk)}
    assert "members" in assert_error(alice_client.post(url, {"csv": SPLITWISE, "members": {"Alice S": str(alice.pk)}}, format="json"), 400)["fields"]
    assert "members" in assert_error(alice_client.post(url, {"csv": SPLITWISE, "members": {**good, "Carol D": str(dave.pk)}}, format="json"), 400)["fields"]
    assert "csv" in assert_error(alice_client.post(url, {"csv": "a,b\n1,2", "members": good}, format="json"), 400)["fields"]
    broken = SPLITWISE.replace("-25.00,25.00", "-25.00,26.00")
    error = assert_error(alice_client.post(url, {"csv": broken, "members": good}, format="json"), 400)
    assert "Line 4" in error["fields"]["csv"][0]
    assert Expense.objects.count() == 0


def test_export_uses_each_persons_net(trip, alice, bob, alice_client):
    alice_client.post("/api/expenses", expense_body({alice: "10.00"}, equal(alice, bob), group=trip, amount="10.00"), format="json")
    rows = list(csv.reader(io.StringIO(alice_client.get(f"/api/groups/{trip.pk}/export.csv").content.decode())))
    header, row = rows[0], rows[1]
    assert row[header.index("Alice")] == "5.00" and row[header.index("Bob")] == "-5.00"


def test_importing_the_same_export_twice_adds_nothing_the_second_time(trip, alice, bob, carol, alice_client):
    url = f"/api/groups/{trip.pk}/import"
    mapping = {"Alice S": str(alice.pk), "Bob M": str(bob.pk), "Carol D": str(carol.pk)}
    twice = SPLITWISE.replace("2026-10-02,Taxi,Transportation,50.00,INR,-25.00,25.00,0.00\n",
                              "2026-10-02,Taxi,Transportation,50.00,INR,-25.00,25.00,0.00\n" * 2)
    assert alice_client.post(url, {"csv": twice, "members": mapping}, format="json").json() == {
        "imported": 4, "skipped": 0, "duplicates": 0}  # two identical taxis in one file are two taxis
    before = balances.group_balances(trip.pk)["INR"]
    again = alice_client.post(url, {"csv": twice, "members": mapping}, format="json")
    assert again.status_code == 201 and again.json() == {"imported": 0, "skipped": 0, "duplicates": 4}
    assert Expense.objects.filter(group=trip).count() == 3 and Settlement.objects.filter(group=trip).count() == 1
    assert balances.group_balances(trip.pk)["INR"] == before
    # The group's own export, imported back, is the same entries too.
    exported = alice_client.get(f"/api/groups/{trip.pk}/export.csv").content.decode()
    header = exported.splitlines()[0].split(",")[5:]
    ids = {u.name: str(u.pk) for u in (alice, bob, carol)}
    back = {name: ids[name] for name in header}
    assert alice_client.post(url, {"csv": exported, "members": back}, format="json").json()["imported"] == 0


@pytest.mark.parametrize("text", ["", "Date,Description,Category,Cost,Currency,A\n2026-13-01,x,y,1,INR,0",
                                  "Date,Description,Category,Cost,Currency,A\n2026-01-01,x,y,NaN,XXX,0",
                                  "Date,Description,Category,Cost,Currency,A\n\"open", "\x00" * 50,
                                  "Date,Description,Category,Cost,Currency,A\n2026-01-01,x,y,1e9999,INR,0"])
def test_splitwise_garbage_is_a_400(text, trip, alice, alice_client):
    r = alice_client.post(f"/api/groups/{trip.pk}/import", {"csv": text, "members": {"A": str(alice.pk)}},
                          format="json")
    assert_error(r, 400)


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_export_at_the_same_moment_add_it_once(trip, alice, bob, carol):
    import threading

    from django.db import connection

    from social import actions

    columns = {"Alice S": alice.pk, "Bob M": bob.pk, "Carol D": carol.pk}
    barrier, results = threading.Barrier(2), []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(actions.import_splitwise_csv(alice, group=trip, text=SPLITWISE, columns=columns))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r["imported"] for r in results) == [0, 3]
    assert Expense.objects.filter(group=trip).count() == 2 and Settlement.objects.filter(group=trip).count() == 1
