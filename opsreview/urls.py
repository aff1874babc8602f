"""URL pieces shared by every feature."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ROW_ID = 2_147_483_647


def row_id(value: int | None) -> int | None:
    """A query-string id, or None when it cannot be a row's id (so lookups simply find nothing)."""
    return value if value is not None and 1 <= value <= MAX_ROW_ID else None


class RowIdConverter(IntegerConverter):
    """``<int:...>`` only up to the largest id a database integer column holds.

    A bigger number is a plain 404, instead of an overflow inside the database driver.
    """

    def __init__(self, map, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]  # noqa: A002
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)
