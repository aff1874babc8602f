"""CSV cells that a spreadsheet will show, never run."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Prefix a cell that a spreadsheet would take for a formula with a quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
