"""The daily digest: each owner's items due within 3 days and overdue, once a day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from opsreview.accounts.models import User
from opsreview.actions.models import ActionItem, ReminderSent, Status
from opsreview.clock import today
from opsreview.extensions import db
from opsreview.notify import chat, mail

DUE_WITHIN = timedelta(days=3)


@dataclass
class RemindResult:
    owners: int = 0
    items: int = 0
    mailed: int = 0
    posted: int = 0


def due_or_overdue(on: date) -> dict[User, list[ActionItem]]:
    items = db.session.scalars(
        db.select(ActionItem)
        .where(ActionItem.status.in_([Status.OPEN, Status.IN_PROGRESS]), ActionItem.due_on <= on + DUE_WITHIN)
        .order_by(ActionItem.due_on)
    )
    by_owner: dict[User, list[ActionItem]] = defaultdict(list)
    for item in items:
        by_owner[item.owner].append(item)
    return by_owner


def digest(owner: User, items: list[ActionItem], on: date) -> str:
    lines = [f"{owner.name}, these action items need you:"]
    for item in items:
        late = item.days_overdue(on)
        when = f"{late} days overdue" if late else f"due {item.due_on:%a %d %b}"
        lines.append(f"- {item.title} ({when}; slipped {item.slips}x)")
    lines.append("Mark them done, or give each a new date with a reason, on your 'My action items' page.")
    return "\n".join(lines)


def remind(on: date | None = None) -> RemindResult:
    """Send each owner one digest of what they have not been told about today."""
    on = on or today()
    result = RemindResult()
    for owner, items in due_or_overdue(on).items():
        told = db.session.scalars(
            db.select(ReminderSent).where(ReminderSent.user_id == owner.id, ReminderSent.sent_on == on)
        ).all()
        already = {item_id for r in told for item_id in r.item_ids}
        fresh = [i for i in items if i.id not in already]
        if not fresh:
            continue
        text = digest(owner, fresh, on)
        mailed = mail.send(owner.email, f"{len(fresh)} action item{'s' if len(fresh) != 1 else ''} need you", text)
        posted = chat.post(text)
        if mailed or posted:
            db.session.add(ReminderSent(user_id=owner.id, sent_on=on, item_ids=[i.id for i in fresh]))
            db.session.commit()
        result.owners += 1
        result.items += len(fresh)
        result.mailed += mailed
        result.posted += posted
    return result
