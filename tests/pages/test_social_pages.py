"""Friends, invites, groups, expenses, settle-up and IOU pages through the test client."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from social import selectors
from social.actions import befriend, create_group, create_invite, record_expense

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def trip(alice, bob, carol):
    befriend(alice, other=bob)
    befriend(alice, other=carol)
    return create_group(alice, name="Goa trip", currency="INR", members=[bob.pk, carol.pk])


def test_friends_page_lists_friends_with_balances_and_makes_invite_links(alice, bob, trip):
    record_expense(alice, group=trip, description="Fuel", amount=Decimal("300.00"), currency="INR",
                   date=datetime.date(2026, 11, 1), paid_by=[{"user": alice.pk, "amount": Decimal("300.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk, trip.created_by_id]})
    client = login(alice)
    html = client.get("/friends/").content.decode()
    assert "Bob" in html and "owes you ₹" in html
    assert f'data-presence="{bob.pk}"' in html
    made = client.post("/friends/", {"name": "Zed", "email": "", "phone": ""}).content.decode()
    assert "/invite/" in made


def test_invite_link_accept_makes_friends(alice, dave):
    invite = create_invite(alice)
    anon = Client()
    assert anon.get(f"/invite/{invite.code}/")["Location"].startswith("/login/?next=/invite/")
    client = login(dave)
    assert client.post(f"/invite/{invite.code}/", {"code": invite.code}).status_code == 302
    assert selectors.are_friends(alice.pk, dave.pk)
    again = client.post(f"/invite/{invite.code}/", {"code": invite.code})
    assert "already been used" in again.content.decode()


def test_create_group_from_page(alice, bob):
    befriend(alice, other=bob)
    client = login(alice)
    response = client.post("/groups/", {"name": "Flat", "currency": "INR", "members": [str(bob.pk)],
                                        "simplify_debts": "on"})
    assert response.status_code == 302
    group = selectors.groups_visible_to(bob).get(name="Flat")
    assert response["Location"] == f"/groups/{group.pk}/"
    bad = client.post("/groups/", {"name": "", "currency": "XX"}).content.decode()
    assert 'id="id_name_error"' in bad and 'id="id_currency_error"' in bad


def test_add_expense_with_two_payers_and_exact_split_then_balances_show(alice, bob, carol, trip):
    client = login(alice)
    a, b, c = alice.pk.hex, bob.pk.hex, carol.pk.hex
    form = {"description": "Dinner", "amount": "100.00", "currency": "INR", "date": "2026-11-20",
            "method": "exact", f"paid_{a}": "60", f"paid_{b}": "40",
            f"exact_{a}": "20", f"exact_{b}": "30", f"exact_{c}": "50"}
    response = client.post(f"/groups/{trip.pk}/expenses/new/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    html = login(bob).get(f"/groups/{trip.pk}/").content.decode()
    assert "Dinner" in html and "₹100.00" in html
    assert "gets back ₹40.00" in html  # alice paid 60, owes 20
    assert "owes ₹50.00" in html       # carol


def test_expense_errors_land_next_to_fields(alice, trip):
    client = login(alice)
    a = alice.pk.hex
    response = client.post(f"/groups/{trip.pk}/expenses/new/", {
        "description": "Bad", "amount": "100.00", "currency": "INR", "date": "2026-11-20",
        "method": "percent", f"percent_{a}": "50"})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_edit_and_delete_expense_and_record_payment(alice, bob, carol, trip):
    e = record_expense(alice, group=trip, description="Taxi", amount=Decimal("90.00"), currency="INR",
                       date=datetime.date(2026, 11, 2), paid_by=[{"user": alice.pk, "amount": Decimal("90.00")}],
                       split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    client = login(alice)
    page = client.get(f"/expenses/{e.pk}/edit/").content.decode()
    assert 'value="Taxi"' in page
    form = {"description": "Taxi back", "amount": "120.00", "currency": "INR", "date": "2026-11-02",
            "method": "equal", f"in_{alice.pk.hex}": "on", f"in_{bob.pk.hex}": "on", "version": e.version}
    assert client.post(f"/expenses/{e.pk}/edit/", form).status_code == 302
    assert "owes ₹60.00" in client.get(f"/groups/{trip.pk}/").content.decode()
    assert client.post(f"/groups/{trip.pk}/settle/", {"payer": bob.pk, "payee": alice.pk, "amount": "60.00",
                                                     "currency": "INR"}).status_code == 302
    assert "Everyone is settled up." in client.get(f"/groups/{trip.pk}/").content.decode()
    e.refresh_from_db()
    client.post(f"/expenses/{e.pk}/delete/", {"version": e.version})
    listing = client.get(f"/groups/{trip.pk}/").content.decode().split('id="group-expenses"')[1].split("</section>")[0]
    assert "Taxi back" not in listing and "No expenses yet." in listing


def test_someone_elses_group_is_not_found(alice, dave, trip):
    client = login(dave)
    assert client.get(f"/groups/{trip.pk}/").status_code == 404
    assert client.get(f"/groups/{trip.pk}/expenses/new/").status_code == 404


def test_iou_page_records_and_settles(alice, bob):
    befriend(alice, other=bob)
    client = login(alice)
    response = client.post("/ious/", {"friend": str(bob.pk), "direction": "lent", "amount": "500",
                                      "currency": "INR", "date": "2026-11-20", "note": "lunch"})
    assert response.status_code == 302
    iou = selectors.ious_visible_to(alice).get()
    assert "₹500.00" in login(bob).get("/ious/").content.decode()
    assert client.post(f"/ious/{iou.pk}/settle/", {"amount": "200"}).status_code == 302
    iou.refresh_from_db()
    assert iou.settled == Decimal("200.00")


def test_settle_up_offers_upi_link_and_qr_when_the_payee_has_a_upi_id(alice, bob, carol, trip):
    from social.actions import update_account

    update_account(alice, changes={"upi_id": "alice@okhdfc"})
    record_expense(alice, group=trip, description="Hotel", amount=Decimal("3000.00"), currency="INR",
                   date=datetime.date(2026, 11, 3), paid_by=[{"user": alice.pk, "amount": Decimal("3000.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    html = login(bob).get(f"/groups/{trip.pk}/").content.decode()
    assert "upi://pay?pa=alice%40okhdfc" in html and "am=1000.00" in html
    assert f"/api/groups/{trip.pk}/settle-up/qr?from={bob.pk}" in html
