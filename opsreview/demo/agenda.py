"""Next Thursday's agenda in the demo: wins and an org-wide item submitted, the ready COE on it."""

from __future__ import annotations

from opsreview.accounts.models import Role, User
from opsreview.agenda import reviews
from opsreview.agenda.models import AgendaItem, ItemStatus, Kind
from opsreview.agenda.planning import agenda_of, next_meeting
from opsreview.agenda.services import TIMEBOX, last_position
from opsreview.coes.models import Coe, CoeStatus
from opsreview.extensions import db

SUBMITTED = [
    (Kind.WIN, "Checkout p99 down 40% after the connection-pool fix", "Checkout", ItemStatus.ACCEPTED),
    (Kind.WIN, "Zero pages for Search in four weeks", "Search", ItemStatus.ACCEPTED),
    (Kind.ORG_ITEM, "Every team: an alarm on certificate expiry dates by the end of the month", "Platform",
     ItemStatus.SUBMITTED),
]


def seed_agenda() -> None:
    meeting = next_meeting()
    agenda_of(meeting)
    member = db.session.scalars(db.select(User).where(User.role == Role.MEMBER)).first()
    for kind, title, presenter, status in SUBMITTED:
        db.session.add(AgendaItem(
            meeting_id=meeting.id, kind=kind, title=title, presenter=presenter, status=status,
            position=last_position(meeting.id, kind), timebox_minutes=TIMEBOX[kind],
            submitted_by_id=member.id if member else None,
        ))
        db.session.flush()
    for coe in db.session.scalars(db.select(Coe).where(Coe.status == CoeStatus.READY)):
        reviews.nominate(coe, meeting, accepted=True)
    db.session.commit()
