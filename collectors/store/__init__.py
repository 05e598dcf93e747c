"""The footprint store (see :mod:`.store`)."""

from .migrations import SCHEMA_VERSION, StoreVersionError
from .store import Store, StoreError, open_store

__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "StoreVersionError", "open_store"]
