"""The dashboard's totals and the khata party list carry what the device needs to move them
with changes still waiting offline (static/js/offline/minor.js): each total's parts in minor
units, its side and scope, and its words in the page's language."""

from __future__ import annotations

import datetime
import html as html_lib
import re
from decimal import Decimal

import pytest
from django.test import Client

from ledger.khata import actions as khata
from social.actions import befriend, create_group, record_expense, record_iou, update_account

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def marked(page: str, attribute: str, value: str) -> dict[str, str]:
    """The data-* attributes of every element whose `attribute` is `value`, one dict each."""
    found = []
    for tag in re.findall(r"<[a-z]+\s[^>]*>", page):
        attrs = {k: html_lib.unescape(v) for k, v in re.findall(r'([a-z-]+)="([^"]*)"', tag)}
        if attrs.get(attribute) == value:
            found.append(attrs)
    return found


def test_dashboard_balances_carry_each_friends_part(alice, bob, carol):
    befriend(alice, other=bob)
    befriend(alice, other=carol)
    record_expense(alice, group=None, description="Dinner", amount=Decimal("200.00"), currency="INR",
                   date=datetime.date(2026, 11, 1), paid_by=[{"user": alice.pk, "amount": Decimal("200.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk]})
    record_iou(alice, direction="borrowed", amount=Decimal("30.50"), currency="INR", date=datetime.date(2026, 11, 2),
               friend_id=carol.pk)
    page = login(alice).get("/").content.decode()
    owed, owe = marked(page, "data-sign", "pos"), marked(page, "data-sign", "neg")
    assert len(owed) == len(owe) == 1
    assert owed[0]["data-offline-total"] == owe[0]["data-offline-total"] == "friend"
    assert (owed[0]["data-minor"], owe[0]["data-minor"], owed[0]["data-currency"]) == ("10000", "3050", "INR")
    assert set(owed[0]["data-parts"].split()) == {f"friend:{bob.pk}=10000", f"friend:{carol.pk}=-3050"}


@pytest.mark.parametrize(("locale", "gets"), [("en_IN", "you'll get §"), ("hi_IN", "आपको § मिलेंगे")])
def test_dashboard_khata_totals_carry_each_partys_part_and_their_words(alice, locale, gets):
    update_account(alice, changes={"locale": locale})
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    suresh = khata.create_party(alice, business=shop, kind="supplier", name="Suresh")
    khata.create_party(alice, business=shop, kind="customer", name="Mohan")  # settled: not a part
    khata.record_entry(alice, business=shop, party_id=ramesh.pk, kind="gave", amount=Decimal("1000"))
    khata.record_entry(alice, business=shop, party_id=suresh.pk, kind="got", amount=Decimal("200.25"))
    page = login(alice).get("/").content.decode()
    totals = marked(page, "data-offline-total", f"business:{shop.pk}")
    assert [(t["data-sign"], t["data-minor"]) for t in totals] == [("pos", "100000"), ("neg", "20025")]
    for t in totals:
        assert set(t["data-parts"].split()) == {f"party:{ramesh.pk}=100000", f"party:{suresh.pk}=-20025"}
    # The words around the amount are the page's own translation, with § where the amount goes.
    assert gets in totals[0]["data-format"] and totals[0]["data-format"].count("§") == 1
    if locale == "hi_IN":
        assert "you'll" not in totals[0]["data-format"] and "you'll" not in totals[1]["data-format"]


def test_the_party_list_marks_each_partys_balance(alice):
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    mohan = khata.create_party(alice, business=shop, kind="customer", name="Mohan")
    khata.record_entry(alice, business=shop, party_id=ramesh.pk, kind="got", amount=Decimal("75.50"))
    page = login(alice).get(f"/khata/{shop.pk}/").content.decode()
    assert [b["data-minor"] for b in marked(page, "data-offline-balance", f"party:{ramesh.pk}")] == ["-7550"]
    assert [b["data-minor"] for b in marked(page, "data-offline-balance", f"party:{mohan.pk}")] == ["0"]


def test_the_cashbook_day_summary_marks_its_figures_with_their_days(alice):
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    khata.record_cash(alice, business=shop, direction="in", amount=Decimal("80.00"), date=datetime.date(2026, 11, 1))
    khata.record_cash(alice, business=shop, direction="out", amount=Decimal("30.25"), date=datetime.date(2026, 11, 2))
    page = login(alice).get(f"/khata/{shop.pk}/cashbook/?day=2026-11-02").content.decode()
    marks = {(m["data-offline-balance"], m["data-days"]): (m["data-minor"], m["data-day"])
             for m in marked(page, "data-currency", "INR") if "data-days" in m}
    assert marks == {
        (f"cash:{shop.pk}", "before"): ("8000", "2026-11-02"),
        (f"cash-in:{shop.pk}", "on"): ("0", "2026-11-02"),
        (f"cash-out:{shop.pk}", "on"): ("3025", "2026-11-02"),
        (f"cash:{shop.pk}", "through"): ("4975", "2026-11-02"),
    }


def test_a_group_member_who_is_not_a_friend_has_a_marked_balance_too(alice, bob, carol):
    """Alice and carol share a group (bob's) without being friends: a waiting group expense
    moves their balance on alice's friends page like a friend's."""
    befriend(bob, other=alice)
    befriend(bob, other=carol)
    group = create_group(bob, name="Flat", currency="INR", members=[alice.pk, carol.pk])
    record_expense(alice, group=group, description="Gas", amount=Decimal("90.00"), currency="INR",
                   date=datetime.date(2026, 11, 1), paid_by=[{"user": alice.pk, "amount": Decimal("90.00")}],
                   split={"method": "equal", "between": [alice.pk, carol.pk]})
    page = login(alice).get("/friends/").content.decode()
    assert [m["data-minor"] for m in marked(page, "data-offline-balance", f"friend:{carol.pk}")] == ["4500"]
