"""The floor of bench/ws_fanout.py: a consumer that only broadcasts what it receives.

Same stack as the product (daphne, Channels, the session middleware, the configured channel
layer) but no permission checks, no database write and no rendering, so the difference to
the real consumer is the cost of what the product does per message.
"""

from channels.generic.websocket import AsyncJsonWebsocketConsumer


class BareBroadcastConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.group = f"bare.{self.scope['url_route']['kwargs']['space_id']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self.channel_layer.group_send(self.group, {"type": "bare.frame", "frame": content})

    async def bare_frame(self, event):
        await self.send_json(event["frame"])
