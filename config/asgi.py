"""Channels' standard router: HTTP to Django's ASGI handler, WebSocket to realtime's router
behind an origin check.

Wherever the product is served, daphne serves only /ws/ and gunicorn serves HTTP
(config/wsgi.py): in production nginx routes both from one origin (deploy/), under `make run`
daphne listens on the port after gunicorn's (config/Procfile). The HTTP route here is for the
test suite's in-process live servers (daphne reads a whole request body before the app runs,
so no HTTP from outside reaches it)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_http_app = get_asgi_application()  # loads the apps before the routers import models

from channels.routing import ProtocolTypeRouter  # noqa: E402

from config.body_limit import BodyLimit  # noqa: E402
from config.heap import settle  # noqa: E402
from realtime.routing import websocket_application  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Refuses an oversized body before Django reads it (config/body_limit.py).
        "http": BodyLimit(django_http_app),
        "websocket": websocket_application,
    }
)

settle()  # start-up objects out of the collector's way (config/heap.py)
