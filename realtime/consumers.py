"""The device socket: joins the user's group, then forwards changes.

(Minimal first version; resume, heartbeat, presence and limits come with the sync issue.)
"""

from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from realtime.delivery import group_for

CLOSE_UNAUTHORIZED = 4401


class SyncConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.accept(self.scope.get("ws_subprotocol"))
            await self.close(code=CLOSE_UNAUTHORIZED)
            return
        self.user = user
        self.group = group_for(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept(self.scope.get("ws_subprotocol"))

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def feed_change(self, message: dict[str, Any]) -> None:
        await self.send_json({"type": "change", **message["change"]})
