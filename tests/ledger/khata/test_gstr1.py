"""GSTR-1: a month's issued bills summarised as the GST portal's offline tool reads them
(B2B by buyer GSTIN, B2C large per invoice, B2C small summed, HSN summary), as JSON with
exact numbers and as CSV; drafts, cancelled bills and other months are left out."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest

from ledger.khata import gstin as gstin_rules
from tests.helpers import assert_error, assert_hidden_from, client_for

pytestmark = pytest.mark.django_db


def _gstin(state: str, pan: str = "AAPFU0939F") -> str:
    body = f"{state}{pan}1Z"
    return body + gstin_rules.check_character(body)


@pytest.fixture
def shop(alice):
    c = client_for(alice)
    biz = c.post("/api/khata/businesses", {"name": "Sharma Kirana", "gstin": _gstin("27"), "state_code": "27"},
                 format="json").json()["id"]

    def party(name, **extra):
        return c.post(f"/api/khata/businesses/{biz}/parties", {"kind": "customer", "name": name, **extra},
                      format="json").json()["id"]

    parties = {"registered": party("Gupta Traders", gstin=_gstin("29", "ABCDE1234F"), state_code="29"),
               "local": party("Ramesh"), "far": party("Meera", state_code="29")}

    def bill(who, lines, date, issue=True):
        r = c.post(f"/api/khata/businesses/{biz}/bills", {"party": parties[who], "issue_date": date,
                                                          "lines": lines, "issue": issue}, format="json")
        assert r.status_code == 201, r.content
        return r.json()

    rice = {"description": "Rice", "hsn": "1006", "quantity": "10", "unit": "bag", "unit_price": "100.00",
            "tax_rate": "5"}
    oil = {"description": "Oil", "hsn": "1512", "quantity": "2", "unit": "ltr", "unit_price": "150.00",
           "tax_rate": "18"}
    gold = {"description": "Gold coin", "hsn": "7118", "quantity": "1", "unit": "pcs", "unit_price": "150000.00",
            "tax_rate": "3"}
    made = {
        "b2b": bill("registered", [rice, oil], "2026-10-05"),
        "b2c_small": bill("local", [rice], "2026-10-06"),
        "b2c_inter_small": bill("far", [oil], "2026-10-07"),
        "b2cl": bill("far", [gold], "2026-10-08"),
        "draft": bill("local", [oil], "2026-10-09", issue=False),
        "november": bill("local", [rice], "2026-11-01"),
        "cancelled": bill("local", [oil], "2026-10-10"),
    }
    assert c.post(f"/api/khata/bills/{made['cancelled']['id']}/cancel", {}, format="json").status_code == 200
    return biz, made


def test_the_month_in_the_offline_tools_layout(alice, shop):
    biz, made = shop
    response = client_for(alice).get(f"/api/khata/businesses/{biz}/gstr1", {"month": "2026-10"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert '"txval": 1000.00' in response.content.decode()  # exact decimal digits, not a float's
    data = json.loads(response.content, parse_float=Decimal)
    assert data["gstin"] == _gstin("27") and data["fp"] == "102026"
    [b2b] = data["b2b"]
    assert b2b["ctin"] == _gstin("29", "ABCDE1234F")
    [inv] = b2b["inv"]
    assert inv["inum"] == made["b2b"]["number"] and inv["idt"] == "05-10-2026" and inv["pos"] == "29"
    assert inv["val"] == Decimal(made["b2b"]["total"])
    assert [(i["itm_det"]["rt"], i["itm_det"]["txval"], i["itm_det"]["iamt"], i["itm_det"]["camt"]) for i in inv["itms"]] == [
        (5, Decimal("1000.00"), Decimal("50.00"), Decimal("0.00")),
        (18, Decimal("300.00"), Decimal("54.00"), Decimal("0.00")),
    ]
    [b2cl] = data["b2cl"]
    assert b2cl["pos"] == "29" and [i["inum"] for i in b2cl["inv"]] == [made["b2cl"]["number"]]
    assert {(r["sply_ty"], r["pos"], r["rt"]): (r["txval"], r["camt"], r["samt"], r["iamt"]) for r in data["b2cs"]} == {
        ("INTRA", "27", 5): (Decimal("1000.00"), Decimal("25.00"), Decimal("25.00"), Decimal("0.00")),
        ("INTER", "29", 18): (Decimal("300.00"), Decimal("0.00"), Decimal("0.00"), Decimal("54.00")),
    }
    hsn = {r["hsn_sc"]: r for r in data["hsn"]["data"]}
    assert set(hsn) == {"1006", "1512", "7118"}  # the draft, the cancelled and November's bills are out
    assert hsn["1006"]["qty"] == 20 and hsn["1006"]["txval"] == Decimal("2000.00")
    assert hsn["1512"]["txval"] == Decimal("600.00") and hsn["1512"]["iamt"] == Decimal("108.00")
    # every rupee of tax is in exactly one of B2B, B2CL, B2CS, and the HSN summary holds it all
    tax = lambda r: r["iamt"] + r["camt"] + r["samt"]  # noqa: E731
    in_sections = (sum(tax(i["itm_det"]) for g in data["b2b"] + data["b2cl"] for v in g["inv"] for i in v["itms"])
                   + sum(tax(r) for r in data["b2cs"]))
    assert in_sections == sum(tax(r) for r in hsn.values())


def test_the_csv_files_carry_the_same_rows(alice, shop):
    biz, made = shop
    response = client_for(alice).get(f"/api/khata/businesses/{biz}/gstr1.zip", {"month": "2026-10"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [f"gstr1-102026/{n}.csv" for n in ("b2b", "b2cl", "b2cs", "cdnr", "cdnur", "hsn")]
    b2b = list(csv.DictReader(io.StringIO(archive.read("gstr1-102026/b2b.csv").decode())))
    assert [(r["inum"], r["rt"], r["txval"]) for r in b2b] == [(made["b2b"]["number"], "5", "1000.00"),
                                                               (made["b2b"]["number"], "18", "300.00")]


def test_a_month_without_sales_is_empty(alice, shop):
    biz, _ = shop
    data = client_for(alice).get(f"/api/khata/businesses/{biz}/gstr1", {"month": "2026-01"}).json()
    assert data["b2b"] == data["b2cl"] == data["b2cs"] == data["cdnr"] == data["cdnur"] == []
    assert data["hsn"] == {"data": []}


@pytest.mark.parametrize("query", [{}, {"month": "2026-13"}, {"month": "October"}])
def test_the_month_is_required_and_checked(alice, shop, query):
    biz, _ = shop
    error = assert_error(client_for(alice).get(f"/api/khata/businesses/{biz}/gstr1", query), 400)
    assert "month" in error["fields"]


def test_unknown_parameters_are_refused(alice, shop):
    biz, _ = shop
    response = client_for(alice).get(f"/api/khata/businesses/{biz}/gstr1", {"month": "2026-10", "quarter": "3"})
    assert assert_error(response, 400, "unknown_parameter")["fields"] == {"quarter": ["Unknown parameter."]}


def test_clerks_get_403_and_outsiders_404(alice, bob, carol, shop):
    biz, _ = shop
    from ledger.khata import actions
    from ledger.khata.models import Business, Role

    actions.add_member(alice, business=Business.objects.get(pk=biz), user=bob, role=Role.CLERK)
    assert_error(client_for(bob).get(f"/api/khata/businesses/{biz}/gstr1", {"month": "2026-10"}), 403)
    assert_hidden_from(client_for(carol), f"/api/khata/businesses/{biz}/gstr1?month=2026-10", methods=("get",))
    assert_hidden_from(client_for(carol), f"/api/khata/businesses/{biz}/gstr1.zip?month=2026-10", methods=("get",))


def test_the_bills_page_offers_the_return_to_managers_only(alice, bob, shop, client):
    biz, _ = shop
    from ledger.khata import actions
    from ledger.khata.models import Business, Role

    actions.add_member(alice, business=Business.objects.get(pk=biz), user=bob, role=Role.CLERK)
    client.force_login(alice)
    html = client.get(f"/khata/{biz}/bills/").content.decode()
    assert f'action="/api/khata/businesses/{biz}/gstr1.zip"' in html and 'name="month"' in html
    client.force_login(bob)
    assert "gstr1" not in client.get(f"/khata/{biz}/bills/").content.decode()


def test_credit_notes_in_cdnr_cdnur_b2cs_and_the_hsn_summary(alice, shop):
    """Registered buyer: `cdnr` by GSTIN; B2C large invoice: `cdnur`; a small B2C sale's note
    is netted off its `b2cs` row; every note line comes off the HSN summary. Exact digits."""
    biz, made = shop
    c = client_for(alice)

    def credit(bill, line, date="2026-10-20"):
        r = c.post(f"/api/khata/bills/{made[bill]['id']}/credit-notes",
                   {"reason": "Returned", "date": date, "lines": [line]}, format="json")
        assert r.status_code == 201, r.content
        return r.json()

    rice2 = {"description": "Rice", "hsn": "1006", "quantity": "2", "unit": "bag", "unit_price": "100.00",
             "tax_rate": "5"}
    gold = {"description": "Gold coin", "hsn": "7118", "quantity": "1", "unit": "pcs", "unit_price": "10000.00",
            "tax_rate": "3"}
    b2b_note = credit("b2b", rice2)
    b2cl_note = credit("b2cl", gold)
    credit("b2c_small", rice2)
    credit("b2b", rice2, date="2026-11-03")  # next month's return
    cancelled = credit("b2c_small", {**rice2, "quantity": "1"})
    assert c.post(f"/api/khata/credit-notes/{cancelled['id']}/cancel", {}, format="json").status_code == 200
    response = c.get(f"/api/khata/businesses/{biz}/gstr1", {"month": "2026-10"})
    assert '"val": 210.00' in response.content.decode()
    data = json.loads(response.content, parse_float=Decimal)
    item = lambda rt, txval, iamt, camt="0.00", samt="0.00": {"rt": rt, "txval": Decimal(txval),  # noqa: E731
                                                              "iamt": Decimal(iamt), "camt": Decimal(camt),
                                                              "samt": Decimal(samt), "csamt": Decimal("0.00")}
    assert data["cdnr"] == [{"ctin": _gstin("29", "ABCDE1234F"), "nt": [{
        "nt_num": b2b_note["number"], "nt_dt": "20-10-2026", "ntty": "C", "val": Decimal("210.00"), "pos": "29",
        "rchrg": "N", "inv_typ": "R", "itms": [{"num": 1, "itm_det": item(5, "200.00", "10.00")}]}]}]
    assert data["cdnur"] == [{"typ": "B2CL", "nt_num": b2cl_note["number"], "nt_dt": "20-10-2026", "ntty": "C",
                              "val": Decimal("10300.00"), "pos": "29",
                              "itms": [{"num": 1, "itm_det": item(3, "10000.00", "300.00")}]}]
    b2cs = {(r["sply_ty"], r["pos"], r["rt"]): (r["txval"], r["camt"], r["samt"]) for r in data["b2cs"]}
    assert b2cs[("INTRA", "27", 5)] == (Decimal("800.00"), Decimal("20.00"), Decimal("20.00"))
    hsn = {r["hsn_sc"]: r for r in data["hsn"]["data"]}
    assert (hsn["1006"]["qty"], hsn["1006"]["txval"], hsn["1006"]["val"]) == (16, Decimal("1600.00"),
                                                                            Decimal("1680.00"))
    assert (hsn["7118"]["txval"], hsn["7118"]["iamt"]) == (Decimal("140000.00"), Decimal("4200.00"))
    archive = zipfile.ZipFile(io.BytesIO(c.get(f"/api/khata/businesses/{biz}/gstr1.zip",
                                                {"month": "2026-10"}).content))
    rows = list(csv.DictReader(io.StringIO(archive.read("gstr1-102026/cdnr.csv").decode())))
    assert [(r["ctin"], r["nt_num"], r["ntty"], r["val"], r["rt"], r["txval"], r["iamt"]) for r in rows] == [
        (_gstin("29", "ABCDE1234F"), b2b_note["number"], "C", "210.00", "5", "200.00", "10.00")]
    rows = list(csv.DictReader(io.StringIO(archive.read("gstr1-102026/cdnur.csv").decode())))
    assert [(r["typ"], r["nt_num"], r["val"], r["txval"], r["iamt"]) for r in rows] == [
        ("B2CL", b2cl_note["number"], "10300.00", "10000.00", "300.00")]
