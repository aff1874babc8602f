"""Column types the models share."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


def stored_enum(kind: type[enum.Enum]) -> Enum:
    """An enum kept as its values in a short string column (no database enum type to migrate)."""
    return Enum(kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
