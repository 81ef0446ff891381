import pytest

from ledger.khata import demo, selectors
from ledger.khata.models import Business, Party
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_balances_are_consistent(alice, bob):
    users = {"alice": alice, "bob": bob, "carol": make_user("carol"), "dave": make_user("dave")}
    demo.seed(users)
    demo.seed(users)
    assert Business.objects.filter(name=demo.STORE).count() == 1
    for party in Party.objects.all():
        assert selectors.recomputed_totals(party) == (party.debits, party.credits, party.balance)
