"""A push from one of our pages (signed in by the session cookie) carries each refusal in the
page's language too (`error.page_message`); token clients get the API's English answer only."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from social.actions import befriend, record_iou, update_account
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _settle_too_much(client, iou) -> dict:
    mutation = {
        "id": 1,
        "method": "POST",
        "path": f"/api/ious/{iou.pk}/settle",
        "body": {"amount": "900"},
    }
    response = client.post(
        "/api/sync/push", {"client_id": str(uuid.uuid4()), "mutations": [mutation]}, format="json"
    )
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["status"] == 400
    return result["body"]["error"]


@pytest.fixture
def iou(alice, bob):
    befriend(alice, other=bob)
    return record_iou(
        alice,
        direction="lent",
        amount=Decimal("100"),
        currency="INR",
        date=dt.date.today(),
        friend_id=bob.pk,
    )


def _page_client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_a_hindi_page_gets_the_refusal_in_hindi_beside_the_apis_english(alice, iou):
    update_account(alice, changes={"locale": "hi_IN"})
    error = _settle_too_much(_page_client(alice), iou)
    assert error["code"] == "too_much"
    assert error["message"] == "More than is outstanding."
    assert error["page_message"] == "बकाया से ज़्यादा है।"


def test_an_english_page_gets_the_apis_own_message(alice, iou):
    error = _settle_too_much(_page_client(alice), iou)
    assert error["page_message"] == error["message"] == "More than is outstanding."


def test_a_token_client_keeps_the_english_contract(alice, iou):
    update_account(alice, changes={"locale": "hi_IN"})
    error = _settle_too_much(client_for(alice), iou)
    assert error["message"] == "More than is outstanding."
    assert "page_message" not in error
