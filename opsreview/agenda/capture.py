"""Action items captured in the room remember where they were raised: the team whose dashboard
was on the screen, the COE under review, the agenda item."""

from __future__ import annotations

from dataclasses import dataclass

from opsreview.actions.models import Source
from opsreview.agenda.state import picked_teams
from opsreview.agenda.models import AgendaItem, Kind
from opsreview.coes.models import CoeStatus
from opsreview.meetings.models import Meeting


@dataclass(frozen=True)
class Origin:
    source: Source
    ref: str
    team_id: int | None = None
    coe_id: int | None = None


def origin_of(meeting: Meeting, item: AgendaItem | None) -> Origin:
    """Where in ``meeting`` an item raised while ``item`` was on the screen comes from."""
    where = f"meeting of {meeting.held_on:%d %b %Y}"
    if item is None or item.meeting_id != meeting.id:
        return Origin(Source.AGENDA, where)
    team = picked_teams(meeting.id).get(item.wheel_slot) if item.wheel_slot else None
    if team is not None:
        return Origin(Source.DASHBOARD, f"{where}: {team.name}'s dashboard"[:300], team_id=team.id)
    if item.coe is not None:
        # A closed COE takes no new action items ("closed" means all of them are done).
        coe_id = item.coe_id if item.coe.status != CoeStatus.CLOSED else None
        return Origin(Source.COE, f"{where}: COE {item.coe.title}"[:300], item.coe.team_id, coe_id)
    source = Source.ORG if item.kind in (Kind.ORG_ITEM, Kind.ANNOUNCEMENT) else Source.AGENDA
    return Origin(source, f"{where}: {item.title}"[:300])
