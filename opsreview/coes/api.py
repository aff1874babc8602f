"""COEs in JSON: search with filters, one COE with the most similar other COEs, a new draft."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, abort, jsonify, make_response, request, url_for
from flask.typing import ResponseReturnValue

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.api_forms import json_body, validated
from opsreview.clock import iso
from opsreview.coes import learning, search, services
from opsreview.coes.forms import MAX_ROWS, CoeForm
from opsreview.coes.models import Coe, CoeStatus, Severity
from opsreview.coes.views import filters_from
from opsreview.teams.services import list_teams

bp = Blueprint("coes_api", __name__, url_prefix="/api/v1")
MOMENTS = ("event_start_at", "detected_at", "mitigated_at", "resolved_at")
SCALARS = ("title", "severity", "team_id", "service", *MOMENTS,
           "summary", "customer_impact", "contributing_factors", "lessons_learned", "related")
ROWS = {"timeline": ("at", "text"), "whys": ("question", "answer")}


def coe_json(coe: Coe, detail: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": coe.id, "title": coe.title, "severity": coe.severity.value, "status": coe.status.value,
        "team_id": coe.team_id, "service": coe.service, "event_start_at": iso(coe.event_start_at),
        "detected_at": iso(coe.detected_at), "mitigated_at": iso(coe.mitigated_at),
        "resolved_at": iso(coe.resolved_at), "reviewed_meeting_id": coe.reviewed_meeting_id,
        "url": url_for("coes.show", coe_id=coe.id), "updated_at": iso(coe.updated_at),
    }
    if detail:
        body |= {name: getattr(coe, name) for name in services.TEXTS}
        body["timeline"] = [{"at": iso(row.at), "text": row.text} for row in coe.timeline]
        body["whys"] = [{"question": w.question, "answer": w.answer} for w in coe.whys]
        body["action_items"] = [{"id": i.id, "title": i.title, "status": i.status.value, "term": i.term.value,
                                 "due_on": i.due_on.isoformat(), "owner": i.owner.email} for i in coe.action_items]
        body["quality_gate"] = [{"check": c.name, "passed": c.passed, "message": c.message}
                                for c in services.checklist(coe)]
        body["similar"] = [{"id": s.coe.id, "title": s.coe.title, "score": s.score, "shared_terms": s.shared,
                            "when": "earlier" if s.earlier else "later",
                            "open_action_items": len(s.open_items), "closed_action_items": s.closed_items}
                           for s in learning.similar(coe)]
    return body


def _unprocessable(field: str, message: str):  # type: ignore[no-untyped-def]
    return make_response(jsonify({"error": {"message": message, "field": field}}), 422)


def flatten(body: dict[str, Any]) -> dict[str, Any]:
    """A JSON COE as the editor's fields: lists become ``timeline-0-at``, ``whys-0-question``..."""
    values = {k: body[k] for k in SCALARS if k in body}
    for name, keys in ROWS.items():
        rows = body.get(name, [])
        if not isinstance(rows, list) or len(rows) > MAX_ROWS or not all(isinstance(r, dict) for r in rows):
            abort(_unprocessable(name, f"{name} must be a list of at most {MAX_ROWS} objects."))
        for i, row in enumerate(rows):
            values |= {f"{name}-{i}-{key}": row.get(key) for key in keys}
    moments = {name: name for name in MOMENTS} | {f"timeline-{i}-at": f"timeline[{i}].at"
                                                  for i in range(len(body.get("timeline", [])))}
    for key, field in moments.items():
        if isinstance(values.get(key), str) and values[key].strip():
            values[key] = in_utc(field, values[key])
    return values


def in_utc(field: str, value: str) -> str:
    """An ISO 8601 time as the editor's naive UTC minute: an offset is converted, no offset means UTC."""
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        abort(_unprocessable(field, f"{field} must be an ISO 8601 time such as 2026-03-02T09:00 or "
                                    "2026-03-02T14:00+05:00 (without an offset it is UTC)."))
    return moment.isoformat(timespec="minutes")  # the editor's precision: the minute


@bp.get("/coes")
def coes() -> ResponseReturnValue:
    """COEs matching ``q`` (full text), filtered by team_id, severity, status, since and until."""
    for name, kind in (("severity", Severity), ("status", CoeStatus)):
        if request.args.get(name) and request.args[name] not in [m.value for m in kind]:
            abort(_unprocessable(name, f"{name} must be one of: {', '.join(m.value for m in kind)}."))
    return jsonify({"coes": [coe_json(c) for c in search.search(filters_from(request.args))]})


@bp.get("/coes/<int:coe_id>")
def coe(coe_id: int) -> ResponseReturnValue:
    """One COE with its sections, action items, quality gate and most similar other (non-draft) COEs."""
    return jsonify({"coe": coe_json(services.get_or_404(coe_id), detail=True)})


@bp.post("/coes")
@require(Role.MEMBER)
def create_coe() -> ResponseReturnValue:
    """Start a draft COE: ``title`` is required; times are ISO 8601, in UTC unless they carry an offset."""
    values = {"severity": "sev3", **flatten(json_body())}
    form = validated(CoeForm, values, teams=list_teams())
    created = services.create(form)
    return jsonify({"coe": coe_json(created, detail=True)}), 201, {"Location": url_for("coes_api.coe", coe_id=created.id)}
