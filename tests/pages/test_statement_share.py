"""A party's statement shared by link: read without an account, only that party's, for
SHARE_DAYS, never after the party is deleted; a forged link is a 404."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client

from ledger.khata import actions, statement_links

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def shop(alice):
    return actions.create_business(alice, name="Sharma Kirana", currency="INR")


@pytest.fixture
def ramesh(alice, shop):
    party = actions.create_party(alice, business=shop, kind="customer", name="Ramesh", phone="+919876511111")
    actions.record_entry(alice, business=shop, party_id=party.pk, kind="gave", amount=Decimal("1250.50"))
    return party


def _share_link(alice, party) -> str:
    html = login(alice).get(f"/khata/parties/{party.pk}/").content.decode()
    section = html.split('id="share-statement"')[1].split("</details>")[0]
    link = section.split('id="statement-link"')[0].split('value="')[-1].split('"')[0]
    assert link.startswith("http://testserver/khata/print/shared/")
    assert 'href="https://wa.me/919876511111?text=Your%20statement%20with%20Sharma%20Kirana' in section
    return link.removeprefix("http://testserver")


def test_the_party_page_shares_a_link_anyone_can_read_without_an_account(alice, shop, ramesh):
    path = _share_link(alice, ramesh)
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ramesh" in html and "Sharma Kirana" in html and "₹1,250.50" in html
    assert response["X-Robots-Tag"].startswith("noindex") and response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_a_forged_or_altered_link_is_not_found(alice, shop, ramesh):
    other = actions.create_party(alice, business=shop, kind="customer", name="Suresh")
    path = _share_link(alice, ramesh)
    token = path.split("/shared/")[1].split("/")[0]
    anon = Client()
    assert anon.get(path.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))).status_code == 404
    assert anon.get("/khata/print/shared/nonsense/statement").status_code == 404
    # A genuine claim for a party under another business id does not open it.
    forged = statement_links.signing.dumps({"p": str(other.pk), "b": str(ramesh.pk)}, salt=statement_links.SALT,
                                           compress=True)
    assert anon.get(f"/khata/print/shared/{forged}/statement").status_code == 404
    # Signed with another salt (another kind of link): not found.
    other_salt = statement_links.signing.dumps({"p": str(ramesh.pk), "b": str(shop.pk)}, salt="x", compress=True)
    assert anon.get(f"/khata/print/shared/{other_salt}/statement").status_code == 404


def test_the_link_expires_and_dies_with_the_party(alice, shop, ramesh):
    path = _share_link(alice, ramesh)
    later = statement_links.SHARE_DAYS * 24 * 3600 + 60
    import time

    real = time.time
    with mock.patch("django.core.signing.time.time", lambda: real() + later):
        assert Client().get(path).status_code == 404
    assert Client().get(path).status_code == 200
    ramesh.refresh_from_db()
    actions.record_entry(alice, business=shop, party_id=ramesh.pk, kind="got", amount=Decimal("1250.50"))
    ramesh.refresh_from_db()
    actions.delete_party(alice, party=ramesh)
    assert Client().get(path).status_code == 404


def test_only_members_get_a_share_link(bob, shop, ramesh):
    assert login(bob).get(f"/khata/parties/{ramesh.pk}/").status_code == 404


def test_stopping_sharing_ends_every_link_sent_and_a_new_one_works(alice, carol, shop, ramesh):
    from realtime.models import Change

    sent = _share_link(alice, ramesh)
    before = sent
    assert Client().get(sent).status_code == 200
    actions.add_member(alice, business=shop, user=carol, role="clerk")
    clerk = login(carol)
    assert 'id="withdraw-links"' not in clerk.get(f"/khata/parties/{ramesh.pk}/").content.decode()
    assert clerk.post(f"/khata/parties/{ramesh.pk}/statement-links/withdraw/").status_code == 403
    assert Client().get(sent).status_code == 200  # a clerk cannot stop it

    owner = login(alice)
    assert 'id="withdraw-links"' in owner.get(f"/khata/parties/{ramesh.pk}/").content.decode()
    done = owner.post(f"/khata/parties/{ramesh.pk}/statement-links/withdraw/", follow=True)
    assert "The links sent so far no longer work." in done.content.decode()
    assert Client().get(before).status_code == 404
    fresh = _share_link(alice, ramesh)
    assert fresh != before and Client().get(fresh).status_code == 200
    ramesh.refresh_from_db()
    assert ramesh.share_generation == 1
    assert Change.objects.filter(user=alice, entity="khata.party", event="khata.party.updated",
                                 object_id=ramesh.pk).exists()
