"""The quality gate before "ready for review": a checklist a person can read and fix."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from opsreview.coes.blameless import Person, names_in
from opsreview.coes.metrics import has_points
from opsreview.coes.models import Coe

MIN_WHYS = 3
SECTIONS = {
    "title": "title", "service": "service", "summary": "summary", "customer_impact": "customer impact",
    "contributing_factors": "contributing factors", "lessons_learned": "lessons learned",
}
OPTIONAL = "related items"  # often legitimately empty: not every event has a ticket or an earlier COE
TIMES = {"event_start_at": "event start", "detected_at": "detection", "mitigated_at": "mitigation",
         "resolved_at": "resolution"}


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    message: str


def _minute(moment: datetime | None) -> datetime | None:
    return moment.replace(second=0, microsecond=0, tzinfo=None) if moment else None


def _sections(coe: Coe) -> Check:
    missing = [label for field, label in SECTIONS.items() if not (getattr(coe, field) or "").strip()]
    missing += [label + " time" for field, label in TIMES.items() if getattr(coe, field) is None]
    if coe.team_id is None:
        missing.insert(1, "team")
    if not has_points(coe.metrics) and not coe.images:
        missing.append("metrics (a dashboard snapshot or a graph)")
    if not coe.timeline:
        missing.append("timeline")
    ok = not missing
    return Check("sections", ok, f"Every section is filled ({OPTIONAL} are optional)." if ok else
                 "Fill in: " + ", ".join(missing) + f". ({OPTIONAL.capitalize()} are optional.)")


def _order(coe: Coe) -> Check:
    moments = [(label, getattr(coe, field)) for field, label in TIMES.items() if getattr(coe, field)]
    for (a, first), (b, second) in zip(moments, moments[1:]):
        if _minute(second) < _minute(first):  # type: ignore[operator]
            return Check("times", False, f"The {b} time is before the {a} time.")
    return Check("times", True, "Start, detection, mitigation and resolution are in order.")


def _impact(coe: Coe) -> Check:
    ok = bool(re.search(r"\d", coe.customer_impact or ""))
    return Check("impact", ok, "Customer impact has numbers." if ok else
                 "Quantify the customer impact: how many customers, for how long, what they could not do.")


def _timeline(coe: Coe) -> Check:
    at = {_minute(row.at) for row in coe.timeline}
    missing = [label for field, label in (("detected_at", "detection"), ("mitigated_at", "mitigation"))
               if getattr(coe, field) is None or _minute(getattr(coe, field)) not in at]
    ok = not missing
    return Check("timeline", ok, "The timeline shows detection and mitigation." if ok else
                 "Add timeline rows at the " + " and ".join(missing) + " time" + ("s." if len(missing) > 1 else "."))


def _actions(coe: Coe) -> Check:
    ok = any(item.owner_id and item.due_on for item in coe.action_items)
    return Check("actions", ok, "There is an action item with an owner and a date." if ok else
                 "Add at least one action item with an owner and a due date.")


def _whys(coe: Coe) -> Check:
    answered = [w for w in coe.whys if w.question.strip() and w.answer.strip()]
    ok = len(answered) >= MIN_WHYS
    return Check("whys", ok, f"{len(answered)} whys asked and answered." if ok else
                 f"Ask at least {MIN_WHYS} whys, each with an answer ({len(answered)} so far).")


def _blameless(coe: Coe, people: Iterable[Person]) -> Check:
    named = names_in(coe.summary or "", people)
    return Check("blameless", not named, "The summary names nobody." if not named else
                 "The summary names " + ", ".join(named) + ": describe roles and systems, not people.")


def gate(coe: Coe, people: Iterable[Person]) -> list[Check]:
    """Every check, passed or not, in the order the checklist shows them."""
    return [_sections(coe), _order(coe), _impact(coe), _timeline(coe), _whys(coe), _actions(coe),
            _blameless(coe, people)]


def passes(checks: list[Check]) -> bool:
    return all(c.passed for c in checks)
