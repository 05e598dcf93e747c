"""The footprint store (see :mod:`.store`)."""

from .connect import StoreError, open_store
from .migrations import SCHEMA_VERSION, StoreVersionError
from .store import Store

__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "StoreVersionError", "open_store"]
