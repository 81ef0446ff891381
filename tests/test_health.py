"""GET /healthz tells whether the database, the channel layer and the broker answer."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_healthz_is_200_when_every_service_answers(client, settings):
    assert settings.REDIS_URL, "make test runs against the real Redis"
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "checks": {"database": True, "channel_layer": True, "broker": True},
    }


def test_healthz_is_503_when_the_channel_layer_is_down(client, settings):
    layers = {"default": {**settings.CHANNEL_LAYERS["default"]}}
    layers["default"]["CONFIG"] = {"hosts": [UNREACHABLE_REDIS]}
    settings.CHANNEL_LAYERS = layers
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "channel_layer": False, "broker": True}


def test_healthz_is_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = UNREACHABLE_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] is False
    assert response.json()["checks"]["database"] is True
