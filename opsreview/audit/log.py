"""Recording changes. Services call ``record`` in the same transaction as the change."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from opsreview.audit.models import AuditEntry
from opsreview.extensions import db


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of ``obj`` as plain JSON values."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def record(
    action: str,
    object_type: str,
    object_id: int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
) -> None:
    """Add an audit entry to the session; it commits with the change it describes."""
    from opsreview.accounts.current import actor_id, actor_name

    if action == "update" and before is not None and after is not None:
        # Keep only what changed, so the history reads as a list of changes.
        keys = [k for k in after if before.get(k) != after.get(k)]
        if not keys:
            return
        before = {k: before.get(k) for k in keys}
        after = {k: after[k] for k in keys}
    db.session.add(
        AuditEntry(
            user_id=actor_id(),
            actor=actor_name(),
            action=action,
            object_type=object_type,
            object_id=object_id,
            summary=summary[:300],
            before=before,
            after=after,
        )
    )
