"""The WebSocket entry point: /ws/ behind the origin check and authentication."""

from channels.routing import URLRouter
from django.urls import path

from realtime.consumers import SyncConsumer
from realtime.socket_auth import SocketAuthMiddleware

websocket_application = SocketAuthMiddleware(
    URLRouter([path("ws/", SyncConsumer.as_asgi())])
)
