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
    # Copy and share buttons: WhatsApp's share link carries the invite link.
    assert 'data-copy="#invite-link"' in made and 'href="https://wa.me/?text=Join%20me%20on%20Hisaab' in made


def test_invite_link_accept_makes_friends(alice, dave):
    invite = create_invite(alice)
    anon = Client()
    assert anon.get(f"/invite/{invite.code}/")["Location"].startswith("/signup/?next=%2Finvite%2F")
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
                                                     "currency": "INR", "confirm": "yes"}).status_code == 302
    assert "Everyone is settled up." in client.get(f"/groups/{trip.pk}/").content.decode()
    e.refresh_from_db()
    client.post(f"/expenses/{e.pk}/delete/", {"version": e.version})
    listing = client.get(f"/groups/{trip.pk}/").content.decode().split('id="group-expenses"')[1].split("</section>")[0]
    assert "Taxi back" not in listing and "Bob paid you" in listing  # the payment stays listed


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


def test_an_expense_with_one_friend_outside_groups_from_its_page(alice, bob, dave, trip):
    client = login(alice)
    page = client.get(f"/friends/{bob.pk}/expenses/new/").content.decode()
    assert 'data-offline="expense"' in page and f'data-offline-friend="{bob.pk}"' in page
    done = client.post(f"/friends/{bob.pk}/expenses/new/", {
        "description": "Movie", "amount": "501", "currency": "INR", "date": "2026-11-02", "method": "equal",
        f"in_{alice.pk.hex}": "on", f"in_{bob.pk.hex}": "on",
    })
    assert done.status_code == 302 and done["Location"] == "/friends/"
    expense = selectors.expenses_visible_to(alice).get(description="Movie")
    assert expense.group_id is None and expense.amount == Decimal("501.00")
    assert {s.user_id: s.owed for s in selectors.shares_of(expense)} == {alice.pk: Decimal("250.50"),
                                                                         bob.pk: Decimal("250.50")}
    friends = client.get("/friends/").content.decode()
    assert "Movie" in friends and f'data-offline-balance="friend:{bob.pk}" data-minor="25050"' in friends
    # Not a friend (or no such person): not found, and nothing written.
    assert client.get(f"/friends/{dave.pk}/expenses/new/").status_code == 404
    assert client.post(f"/friends/{dave.pk}/expenses/new/", {"description": "x", "amount": "1"}).status_code == 404


def test_record_a_payment_defaults_from_me_to_the_person_i_owe(alice, bob, trip):
    record_expense(alice, group=trip, description="Fuel", amount=Decimal("300.00"), currency="INR",
                   date=datetime.date(2026, 11, 1), paid_by=[{"user": alice.pk, "amount": Decimal("300.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk, trip.created_by_id]})
    html = login(bob).get(f"/groups/{trip.pk}/").content.decode()
    form = html.split('id="record-payment"')[1]
    payer = form.split('name="payer"')[1].split("</select>")[0]
    payee = form.split('name="payee"')[1].split("</select>")[0]
    assert f'value="{bob.pk}" selected' in payer and f'value="{alice.pk}" selected' in payee
    assert 'name="amount" value="150.00"' in form or 'value="150.00"' in form.split('name="amount"')[1][:200]


def _row(html: str, description: str) -> str:
    return html.split(description, 1)[1].split("</tr>", 1)[0]


def test_each_expense_row_shows_who_paid_and_your_share(alice, bob, carol, trip):
    record_expense(alice, group=trip, description="Dinner", amount=Decimal("100.00"), currency="INR",
                   date=datetime.date(2026, 11, 20),
                   paid_by=[{"user": alice.pk, "amount": Decimal("60.00")}, {"user": bob.pk, "amount": Decimal("40.00")}],
                   split={"method": "exact", "amounts": {alice.pk: Decimal("20.00"), bob.pk: Decimal("30.00"),
                                                         carol.pk: Decimal("50.00")}})
    record_expense(bob, group=trip, description="Ferry", amount=Decimal("90.00"), currency="INR",
                   date=datetime.date(2026, 11, 21), paid_by=[{"user": bob.pk, "amount": Decimal("90.00")}],
                   split={"method": "equal", "between": [bob.pk, carol.pk]})
    page = login(carol).get(f"/groups/{trip.pk}/").content.decode()
    assert "Paid by" in page and "Your share" in page
    dinner = _row(page, "Dinner")
    assert "Alice, Bob" in dinner and "₹50.00" in dinner
    ferry = _row(page, "Ferry")
    assert ">Bob<" in ferry and "₹45.00" in ferry
    # Alice paid part of the dinner and is not in the ferry's split.
    mine = login(alice).get(f"/groups/{trip.pk}/").content.decode()
    assert "You, Bob" in _row(mine, "Dinner") and "₹20.00" in _row(mine, "Dinner")
    assert "not in it" in _row(mine, "Ferry")
    # The same columns on the search page.
    found = login(bob).get("/expenses/").content.decode()
    assert "You" in _row(found, "Ferry") and "₹45.00" in _row(found, "Ferry")


def test_expenses_with_a_friend_show_who_paid_and_your_share(alice, bob):
    befriend(alice, other=bob)
    record_expense(alice, group=None, description="Chai", amount=Decimal("40.00"), currency="INR",
                   date=datetime.date(2026, 11, 3), paid_by=[{"user": bob.pk, "amount": Decimal("40.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk]})
    row = _row(login(alice).get("/friends/").content.decode(), "Chai")
    assert ">Bob<" in row and "₹20.00" in row


def test_share_as_a_part_and_share_as_sending_a_link_differ_in_hindi(alice, bob, trip):
    from social.actions import update_account

    record_expense(alice, group=trip, description="Fuel", amount=Decimal("300.00"), currency="INR",
                   date=datetime.date(2026, 11, 1), paid_by=[{"user": alice.pk, "amount": Decimal("300.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk]})
    update_account(alice, changes={"locale": "hi_IN"})
    client = login(alice)
    stats = client.get(f"/groups/{trip.pk}/").content.decode().split('id="group-stats"')[1].split("</thead>")[0]
    assert "हिस्सा" in stats and "भेजें" not in stats
    made = client.post("/friends/", {"name": "Zed", "email": "", "phone": ""}).content.decode()
    assert ">भेजें</a>" in made.split('id="invite-share"')[1]


def test_recording_a_payment_asks_for_confirmation_first(alice, bob, carol, trip):
    from social.models import Settlement

    client = login(bob)
    asked = client.post(f"/groups/{trip.pk}/settle/", {"payer": str(bob.pk), "payee": str(alice.pk),
                                                       "amount": "1234.5", "currency": "INR", "note": "UPI"})
    assert asked.status_code == 200 and not Settlement.objects.exists()  # nothing recorded yet
    page = asked.content.decode().split('id="confirm-payment"')[1]
    assert "<strong>Bob</strong> paid <strong>Alice</strong>" in page and "₹1,234.50" in page
    for name, value in (("payer", bob.pk), ("payee", alice.pk), ("amount", "1234.5"), ("currency", "INR"),
                        ("note", "UPI"), ("confirm", "yes")):
        assert f'name="{name}" value="{value}"' in page
    assert f'href="/groups/{trip.pk}/#record-payment"' in page  # back, nothing recorded
    done = client.post(f"/groups/{trip.pk}/settle/", {"payer": str(bob.pk), "payee": str(alice.pk),
                                                      "amount": "1234.50", "currency": "INR", "note": "UPI",
                                                      "confirm": "yes"})
    assert done.status_code == 302 and Settlement.objects.get().amount == Decimal("1234.50")
    # A form with errors goes back to the group page, never to the question.
    same = client.post(f"/groups/{trip.pk}/settle/", {"payer": str(bob.pk), "payee": str(bob.pk),
                                                      "amount": "10", "currency": "INR"}).content.decode()
    assert 'id="confirm-payment"' not in same and 'id="id_payee_error"' in same
    assert Settlement.objects.count() == 1


def test_payments_appear_in_the_groups_expense_list_by_date(alice, bob, carol, trip):
    from social.actions import record_settlement

    record_expense(alice, group=trip, description="Fuel", amount=Decimal("300.00"), currency="INR",
                   date=datetime.date(2026, 11, 1), paid_by=[{"user": alice.pk, "amount": Decimal("300.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    record_expense(alice, group=trip, description="Boat", amount=Decimal("90.00"), currency="INR",
                   date=datetime.date(2026, 11, 5), paid_by=[{"user": alice.pk, "amount": Decimal("90.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    paid = record_settlement(bob, group=trip, payer_id=bob.pk, payee_id=alice.pk, amount=Decimal("100.00"),
                             currency="INR", date=datetime.date(2026, 11, 3), note="cash")
    listing = login(bob).get(f"/groups/{trip.pk}/").content.decode().split('id="group-expenses"')[1].split("</section>")[0]
    # Newest first: the boat (5 Nov), the payment (3 Nov), the fuel (1 Nov).
    assert listing.index("Boat") < listing.index(f'data-payment="{paid.pk}"') < listing.index("Fuel")
    row = listing.split(f'data-payment="{paid.pk}"')[1].split("</tr>")[0]
    assert "You paid Alice" in row and "you paid ₹100.00" in row and "cash" in row
    alices = login(alice).get(f"/groups/{trip.pk}/").content.decode().split(f'data-payment="{paid.pk}"')[1].split("</tr>")[0]
    assert "Bob paid you" in alices and "you got ₹100.00" in alices
    carols = login(carol).get(f"/groups/{trip.pk}/").content.decode().split(f'data-payment="{paid.pk}"')[1].split("</tr>")[0]
    assert "Bob paid Alice" in carols and "not in it" in carols
