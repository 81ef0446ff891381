"""A new user's empty dashboard guides them; it stops once they share something."""

from __future__ import annotations

import pytest
from django.test import Client

from social.actions import befriend, update_account

pytestmark = pytest.mark.django_db


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/").content.decode()


def test_a_new_users_dashboard_shows_the_first_steps_until_they_have_a_friend(alice, bob):
    html = _home(alice)
    assert 'id="get-started"' in html
    for link in ("/friends/#invite", "/groups/#new-group", "/khata/", "/finance/budgets/"):
        assert f'href="{link}"' in html
    update_account(alice, changes={"locale": "hi_IN"})
    assert "शुरू करें" in _home(alice)
    befriend(alice, other=bob)
    assert 'id="get-started"' not in _home(alice)
