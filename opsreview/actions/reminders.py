"""The daily digest: each owner's items due within 3 days and overdue, once a day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import selectinload

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
        .join(User, ActionItem.owner_id == User.id)
        .options(selectinload(ActionItem.owner))
        .where(
            ActionItem.status.in_([Status.OPEN, Status.IN_PROGRESS]),
            ActionItem.due_on <= on + DUE_WITHIN,
            User.active.is_(True),
        )
        .order_by(ActionItem.due_on)
    )
    by_owner: dict[User, list[ActionItem]] = defaultdict(list)
    for item in items:
        by_owner[item.owner].append(item)
    return by_owner


def digest(owner: User, items: list[ActionItem], on: date) -> str:
    lines = [f"{plain(owner.name)}, these action items need you:"]
    for item in items:
        late = item.days_overdue(on)
        when = f"{late} days overdue" if late else f"due {item.due_on:%a %d %b}"
        lines.append(f"- {plain(item.title)} ({when}; slipped {item.slips}x)")
    lines.append("Mark them done, or give each a new date with a reason, on your 'My action items' page.")
    return "\n".join(lines)


def plain(text: str) -> str:
    """Chat apps read <...> as mentions (<!channel>); item text must not ping anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def remind(on: date | None = None) -> RemindResult:
    """Send each owner at most one digest a day; a second run that day sends nothing."""
    on = on or today()
    result = RemindResult()
    told = set(db.session.scalars(db.select(ReminderSent.user_id).where(ReminderSent.sent_on == on)))
    for owner, fresh in due_or_overdue(on).items():
        if owner.id in told:
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
