"""API payloads -> :class:`~collectors.events.Event`: the only place events are made.

Collectors and the demo generator both call these, so an event looks the same whichever produced it.
"""

from .payload import MalformedPayload

__all__ = ["MalformedPayload"]
