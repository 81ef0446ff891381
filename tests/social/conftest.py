"""Fixtures for the shared-expenses tests: friends and a group among the named users."""

from __future__ import annotations

import pytest

from social import actions


@pytest.fixture
def friends(alice, bob, carol, dave):
    """alice is friends with bob, carol and dave; bob with carol. dave knows only alice."""
    for a, b in ((alice, bob), (alice, carol), (alice, dave), (bob, carol)):
        actions.befriend(a, other=b)
    return alice, bob, carol, dave


@pytest.fixture
def trip(friends):
    alice, bob, carol, _ = friends
    return actions.create_group(alice, name="Goa trip", currency="INR", members=[bob.pk, carol.pk])
