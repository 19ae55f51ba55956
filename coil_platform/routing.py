"""WebSocket routes of every app, gathered for the ASGI application."""

from collaboration.routing import websocket_urlpatterns as collaboration_routes

websocket_urlpatterns = [*collaboration_routes]
