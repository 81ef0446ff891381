"""People's pictures on the pages: a friend's or fellow member's avatar beside their name (an
https image of theirs, sent without a referrer), their initial when they have none."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client

from social.actions import befriend, create_group, record_expense, update_account

pytestmark = pytest.mark.django_db


def page(user, path: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def avatar_of(html: str, section: str, name: str) -> str:
    """The avatar markup right before `name` in the section with id `section`."""
    body = html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    match = re.search(r'(<img class="avatar"[^>]*>|<span class="avatar"[^>]*>.</span>)\s*' + name, body)
    assert match, f"no avatar beside {name} in #{section}"
    return match.group(1)


@pytest.fixture
def pictures(alice, bob, carol):
    befriend(alice, other=bob)
    befriend(alice, other=carol)
    update_account(bob, changes={"avatar_url": "https://img.example/bob.png"})
    return create_group(alice, name="Goa trip", currency="INR", members=[bob.pk, carol.pk])


def test_the_friends_page_shows_each_friends_avatar_or_initial(alice, bob, carol, pictures):
    html = page(alice, "/friends/")
    bobs = avatar_of(html, "friend-list", "Bob")
    assert 'src="https://img.example/bob.png"' in bobs and 'referrerpolicy="no-referrer"' in bobs
    assert 'alt=""' in bobs  # the name beside it says who it is
    assert avatar_of(html, "friend-list", "Carol") == '<span class="avatar" aria-hidden="true">C</span>'


def test_the_group_page_shows_members_avatars_in_members_and_balances(alice, bob, carol, pictures):
    record_expense(alice, group=pictures, description="Fuel", amount=Decimal("90"), currency="INR",
                   date=datetime.date(2026, 11, 1), paid_by=[{"user": bob.pk, "amount": Decimal("90")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    html = page(carol, f"/groups/{pictures.pk}/")
    for section in ("group-members", "group-balances"):
        assert 'src="https://img.example/bob.png"' in avatar_of(html, section, "Bob")
    assert avatar_of(html, "group-members", "Alice") == '<span class="avatar" aria-hidden="true">A</span>'


def test_an_avatar_that_is_not_https_is_never_rendered(alice, bob, pictures):
    from social.models import Profile

    Profile.objects.filter(user=bob).update(avatar_url="javascript:alert(1)")  # not through the API's check
    html = page(alice, "/friends/")
    assert "javascript:" not in html and avatar_of(html, "friend-list", "Bob").startswith('<span class="avatar"')
