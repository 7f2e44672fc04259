"""The whole database schema: the complaint process's tables and each channel's. The
migrations must produce exactly this."""

from __future__ import annotations

import bots.telegram.store.tables  # noqa: F401  (its tables join the metadata)
from core.persistence.tables import metadata

__all__ = ["metadata"]
