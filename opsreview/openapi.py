"""The OpenAPI 3 description of /api/v1, kept true by a test against the URL map."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}
WHEN = {"type": "string", "format": "date-time"}
ID = {"type": "integer", "minimum": 1, "maximum": 2147483647}
MAYBE_WHEN = {"type": ["string", "null"], "format": "date-time"}
SEVERITIES = ["sev1", "sev2", "sev3", "sev4"]
COE_STATUSES = ["draft", "ready for review", "reviewed", "closed"]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required if required is not None else list(properties)}


def wrapped(key: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "OK", "content": {"application/json": {"schema": obj({key: schema})}}}


ERROR = {"description": "An error, in JSON", "content": {"application/json": {"schema": ref("Error")}}}
ERRORS = {"400": ERROR, "401": ERROR, "403": ERROR, "404": ERROR, "405": ERROR, "413": ERROR, "422": ERROR}

SCHEMAS: dict[str, Any] = {
    "Error": obj(
        {
            "error": obj(
                {"message": TEXT, "status": {"type": "integer"}, "field": TEXT, "fields": {"type": "object"}},
                required=["message"],
            ),
            "spin": {"oneOf": [ref("Spin"), {"type": "null"}]},
        },
        required=["error"],
    ),
    "Link": obj({"label": TEXT, "url": {"type": "string", "pattern": "^https?://"}}),
    "Team": obj(
        {
            "id": ID,
            "name": TEXT,
            "slug": TEXT,
            "org": TEXT,
            "description": TEXT,
            "contact": TEXT,
            "links": {"type": "array", "items": ref("Link")},
            "away_until": {"type": ["string", "null"], "format": "date"},
            "away_reason": TEXT,
            "archived": {"type": "boolean"},
            "meetings_since_presented": {"type": ["integer", "null"], "minimum": 0},
        }
    ),
    "TeamInput": obj(
        {
            "name": {"type": "string", "maxLength": 120},
            "slug": {"type": "string", "maxLength": 120},
            "org": {"type": "string", "maxLength": 120},
            "description": {"type": "string", "maxLength": 4000},
            "contact": {"type": "string", "maxLength": 200},
            "links": {"type": "array", "items": ref("Link")},
            "away_until": {"type": ["string", "null"], "format": "date"},
            "away_reason": {"type": "string", "maxLength": 200},
        },
        required=[],
    ),
    "Meeting": obj(
        {
            "id": ID,
            "held_on": {"type": "string", "format": "date"},
            "title": TEXT,
            "status": {"enum": ["planned", "live", "closed", "cancelled"]},
            "wheel_slots": {"type": "integer", "minimum": 1},
            "counts_as_a_week": {"type": "boolean"},
        }
    ),
    "MeetingInput": obj(
        {
            "held_on": {"type": "string", "format": "date"},
            "title": {"type": "string", "maxLength": 200},
            "status": {"enum": ["planned", "live", "closed", "cancelled"]},
            "wheel_slots": {"type": "integer", "minimum": 1, "maximum": 20},
        },
        required=[],
    ),
    "User": obj(
        {
            "id": ID,
            "email": TEXT,
            "name": TEXT,
            "role": {"enum": ["viewer", "member", "leader", "host", "admin"]},
            "team_id": {"type": ["integer", "null"]},
            "active": {"type": "boolean"},
        }
    ),
    "UserInput": obj(
        {
            "email": {"type": "string", "format": "email", "maxLength": 254},
            "name": {"type": "string", "maxLength": 120},
            "role": {"enum": ["viewer", "member", "leader", "host", "admin"]},
            "team_id": {"type": ["integer", "null"]},
            "password": {"type": "string", "minLength": 12},
            "active": {"type": "boolean"},
        },
        required=[],
    ),
    "AuditEntry": obj(
        {
            "id": ID,
            "at": WHEN,
            "user_id": {"type": ["integer", "null"]},
            "actor": TEXT,
            "action": TEXT,
            "object_type": TEXT,
            "object_id": {"type": "integer"},
            "summary": TEXT,
            "before": {"type": ["object", "null"]},
            "after": {"type": ["object", "null"]},
        }
    ),
    "ActionItem": obj(
        {
            "id": ID,
            "title": TEXT,
            "description": TEXT,
            "owner": obj({"id": ID, "name": TEXT, "email": TEXT}),
            "team_id": {"type": ["integer", "null"]},
            "due_on": {"type": "string", "format": "date"},
            "term": {"enum": ["short", "medium", "long"]},
            "status": {"enum": ["open", "in progress", "done", "won't do"]},
            "closing_note": TEXT,
            "source": {"enum": ["none", "coe", "agenda item", "dashboard review", "org-wide item"]},
            "source_ref": TEXT,
            "report_meeting_id": {"type": ["integer", "null"]},
            "slips": {"type": "integer", "minimum": 0},
            "days_overdue": {"type": "integer", "minimum": 0},
            "created_at": WHEN,
            "closed_at": {"type": ["string", "null"], "format": "date-time"},
        }
    ),
    "ActionItemInput": obj(
        {
            "title": {"type": "string", "maxLength": 200},
            "owner": {"type": "string", "format": "email"},
            "due_on": {"type": "string", "format": "date"},
            "description": {"type": "string", "maxLength": 10000},
            "team_id": {"type": ["integer", "null"]},
            "term": {"enum": ["short", "medium", "long"]},
            "source": {"enum": ["none", "coe", "agenda item", "dashboard review", "org-wide item"]},
            "source_ref": {"type": "string", "maxLength": 300},
            "status": {"enum": ["open", "in progress", "done", "won't do"]},
            "reason": {"type": "string", "maxLength": 500},
        },
        required=[],
    ),
    "Coe": obj(
        {
            "id": ID,
            "title": TEXT,
            "severity": {"enum": SEVERITIES},
            "status": {"enum": COE_STATUSES},
            "team_id": {"type": ["integer", "null"]},
            "service": TEXT,
            "event_start_at": MAYBE_WHEN,
            "detected_at": MAYBE_WHEN,
            "mitigated_at": MAYBE_WHEN,
            "resolved_at": MAYBE_WHEN,
            "reviewed_meeting_id": {"type": ["integer", "null"]},
            "url": TEXT,
            "updated_at": WHEN,
        }
    ),
    "CoeDetail": {
        "allOf": [
            ref("Coe"),
            obj(
                {
                    "summary": TEXT,
                    "customer_impact": TEXT,
                    "contributing_factors": TEXT,
                    "lessons_learned": TEXT,
                    "related": TEXT,
                    "timeline": {"type": "array", "items": obj({"at": WHEN, "text": TEXT})},
                    "whys": {"type": "array", "items": obj({"question": TEXT, "answer": TEXT})},
                    "action_items": {"type": "array", "items": obj({
                        "id": ID, "title": TEXT, "status": TEXT, "term": TEXT, "due_on": TEXT, "owner": TEXT})},
                    "quality_gate": {"type": "array", "items": obj({"check": TEXT, "passed": {"type": "boolean"},
                                                                    "message": TEXT})},
                    "similar": {"type": "array", "items": obj({
                        "id": ID, "title": TEXT, "score": {"type": "number"}, "when": {"enum": ["earlier", "later"]},
                        "shared_terms": {"type": "array", "items": TEXT},
                        "open_action_items": {"type": "integer", "minimum": 0},
                        "closed_action_items": {"type": "integer", "minimum": 0}})},
                }
            ),
        ]
    },
    "CoeInput": obj(
        {
            "title": {"type": "string", "maxLength": 200},
            "severity": {"enum": SEVERITIES},
            "team_id": {"type": ["integer", "null"]},
            "service": {"type": "string", "maxLength": 120},
            "event_start_at": {"type": ["string", "null"],
                               "description": "ISO 8601: 2026-03-02T09:00 is UTC; 2026-03-02T14:00+05:00 is converted"},
            "detected_at": {"type": ["string", "null"]},
            "mitigated_at": {"type": ["string", "null"]},
            "resolved_at": {"type": ["string", "null"]},
            "summary": {"type": "string", "maxLength": 20000},
            "customer_impact": {"type": "string", "maxLength": 20000},
            "contributing_factors": {"type": "string", "maxLength": 20000},
            "lessons_learned": {"type": "string", "maxLength": 20000},
            "related": {"type": "string", "maxLength": 20000},
            "timeline": {"type": "array", "maxItems": 200, "items": obj(
                {"at": {"type": "string"}, "text": {"type": "string", "maxLength": 2000}}, required=[])},
            "whys": {"type": "array", "maxItems": 200, "items": obj(
                {"question": {"type": "string", "maxLength": 2000}, "answer": {"type": "string", "maxLength": 2000}},
                required=[])},
        },
        required=["title"],
    ),
    "OddsRow": obj(
        {
            "team_id": ID,
            "team": TEXT,
            "waited": {"type": "integer"},
            "available": {"type": "boolean"},
            "probability": {"type": "number", "minimum": 0, "maximum": 1},
            "status": {"enum": ["eligible", "due", "overdue", "cooling down", "picked", "away"]},
            "reason": TEXT,
        }
    ),
    "Odds": obj(
        {
            "meeting_id": ID,
            "meeting_date": {"type": "string", "format": "date"},
            "status": TEXT,
            "next_slot": {"type": ["integer", "null"]},
            "slots_left": {"type": "integer", "minimum": 0},
            "bound": {"type": "integer", "minimum": 1},
            "fingerprint": TEXT,
            "teams": {"type": "array", "items": ref("OddsRow")},
        }
    ),
    "Spin": obj(
        {
            "id": ID,
            "meeting_id": ID,
            "meeting_date": {"type": "string", "format": "date"},
            "slot": {"type": "integer", "minimum": 1},
            "attempt": {"type": "integer", "minimum": 1},
            "team": ref("Team"),
            "probability": {"type": "number", "minimum": 0, "maximum": 1},
            "draw": {"type": "number", "minimum": 0, "exclusiveMaximum": 1},
            "forced": {"type": "boolean"},
            "bound": {"type": "integer"},
            "outcome": {"enum": ["picked", "respun", "skipped"]},
            "reason": TEXT,
            "spun_by": TEXT,
            "spun_at": WHEN,
            "changed_by": NULLABLE_TEXT,
            "changed_at": {"type": ["string", "null"], "format": "date-time"},
            "url": TEXT,
            "odds": {"type": "array", "items": ref("OddsRow")},
        },
        required=["id", "meeting_id", "slot", "attempt", "team", "draw", "outcome"],
    ),
    "LiveItem": obj(
        {
            "id": ID,
            "kind": {"enum": ["win", "coe", "dashboard", "follow_up", "org_item", "announcement"]},
            "section": {"enum": ["wins", "coes", "wheel", "follow-ups", "org-wide"]},
            "section_label": TEXT,
            "title": TEXT,
            "presenter": TEXT,
            "link": TEXT,
            "timebox_minutes": {"type": "integer", "minimum": 0},
            "team": {"oneOf": [{"type": "null"}, obj({"name": TEXT, "slug": TEXT, "dashboard_url": NULLABLE_TEXT,
                                                     "links": {"type": "array", "items": ref("Link")}})]},
        },
        required=["id", "kind", "section", "title", "presenter", "team"],
    ),
    "LiveState": obj(
        {
            "meeting": obj({"id": ID, "held_on": {"type": "string", "format": "date"}, "title": TEXT,
                            "status": {"enum": ["planned", "live", "closed", "cancelled"]}}),
            "version": {"type": "integer", "minimum": 1},
            "current": {"oneOf": [{"type": "null"}, ref("LiveItem")]},
            "next": {"oneOf": [{"type": "null"}, ref("LiveItem")]},
            "position": obj({"index": {"type": "integer", "minimum": 0}, "count": {"type": "integer", "minimum": 0}}),
            "timer": obj({"elapsed_seconds": {"type": "number", "minimum": 0}, "running": {"type": "boolean"},
                          "timebox_seconds": {"type": "integer", "minimum": 0}}),
            "items": {"type": "array", "items": ref("LiveItem")},
        }
    ),
}

NUMBER_OR_NULL = {"type": ["number", "null"]}
FRACTION = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
COUNT = {"type": "integer", "minimum": 0}
WEEK_NUMBERS = obj(
    {
        "requests": COUNT, "errors": COUNT, "faults": COUNT, "error_rate": FRACTION, "availability": FRACTION,
        "latency": {"type": "object", "additionalProperties": obj({"p50": NUMBER_OR_NULL, "p90": NUMBER_OR_NULL, "p99": NUMBER_OR_NULL})},
    }
)
SCHEMAS["Dashboard"] = obj(
    {
        "week": {"type": "string", "pattern": "^[0-9]{4}-W[0-9]{2}$"},
        "window": obj({"start": WHEN, "split": WHEN, "end": WHEN, "rolling": {"type": "boolean"}}),
        "period": {"type": "integer", "enum": [60, 300]},
        "source": {"type": "string", "enum": ["sample", "cloudwatch"]},
        "summary": WEEK_NUMBERS,
        "previous_week": WEEK_NUMBERS,
        "comparisons": {"type": "array", "items": obj(
            {"key": TEXT, "name": TEXT, "unit": TEXT, "value": NUMBER_OR_NULL, "previous": NUMBER_OR_NULL,
             "change": NUMBER_OR_NULL, "worse": {"type": "boolean"}}
        )},
        "instances": {"type": "array", "items": obj(
            {"instance": TEXT, "requests": COUNT, "errors": COUNT, "faults": COUNT, "availability": FRACTION}
        )},
        "top_errors": {"type": "array", "items": obj({"instance": TEXT, "errors": COUNT})},
        "top_errors_from": {"type": "string", "enum": ["cloudwatch", "per-instance sums"]},
        "alarms": {"type": "array", "items": obj(
            {"name": TEXT, "state": TEXT, "type": {"type": "string", "enum": ["metric", "composite"]},
             "children": {"type": "array", "items": TEXT}}
        )},
        "widgets": {"type": "array", "items": obj({"id": ID, "kind": {"type": "string", "enum": ["metric", "note", "link"]}, "title": TEXT}, required=["id", "kind", "title"])},
        "problems": {"type": "object", "additionalProperties": TEXT},
        "stale": {"type": "boolean"},
        "stale_since": {"type": ["string", "null"], "format": "date-time"},
        "stale_because": NULLABLE_TEXT,
        "fetched_at": WHEN,
    }
)


def path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


SLUG = path_param("slug", {"type": "string", "pattern": "^[a-z0-9-]{1,120}$"})
MEETING_ID = path_param("meeting_id", ID)
SPIN_ID = path_param("spin_id", ID)


def operation(summary: str, responses: dict[str, Any], body: str | None = None, params: list | None = None) -> dict:
    op: dict[str, Any] = {"summary": summary, "responses": {**responses, **ERRORS}}
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    return op


def document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    team, meeting, spin = ref("Team"), ref("Meeting"), ref("Spin")
    invalid = {"422": ERROR}
    conflict = {"409": ERROR}
    return {
        "openapi": "3.1.0",
        "info": {"title": "opsreview", "version": "1", "description": "The weekly operations review: teams, meetings and the wheel."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "A personal API token from /account/tokens."},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
        "paths": {
            "/openapi.json": {"get": operation("This document.", {"200": {"description": "OK"}})},
            "/action-items": {
                "get": operation(
                    "Open action items (closed=1 for all).",
                    {"200": wrapped("action_items", {"type": "array", "items": ref("ActionItem")})},
                    params=[
                        {"name": "owner_id", "in": "query", "schema": ID},
                        {"name": "team_id", "in": "query", "schema": ID},
                        {"name": "source", "in": "query", "schema": {"enum": ["none", "coe", "agenda item", "dashboard review", "org-wide item"]}},
                        {"name": "term", "in": "query", "schema": {"enum": ["short", "medium", "long"]}},
                        {"name": "overdue", "in": "query", "schema": {"enum": ["0", "1"]}},
                        {"name": "closed", "in": "query", "schema": {"enum": ["0", "1"]}},
                        {"name": "sort", "in": "query", "schema": {"enum": ["due", "slips", "created", "title"]}},
                    ],
                ),
                "post": operation(
                    "Record an action item (title, owner email, due_on required).",
                    {"201": wrapped("action_item", ref("ActionItem"))},
                    body="ActionItemInput",
                ),
            },
            "/action-items/{item_id}": {
                "get": operation("One action item.", {"200": wrapped("action_item", ref("ActionItem"))}, params=[path_param("item_id", ID)]),
                "patch": operation(
                    "Change an item; a new due_on or won't do needs a reason.",
                    {"200": wrapped("action_item", ref("ActionItem"))},
                    "ActionItemInput",
                    [path_param("item_id", ID)],
                ),
            },
            "/coes": {
                "get": operation(
                    "COEs matching q (full text, best first), filtered; newest first without q.",
                    {"200": wrapped("coes", {"type": "array", "items": ref("Coe")})},
                    params=[
                        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                        {"name": "team_id", "in": "query", "schema": ID},
                        {"name": "severity", "in": "query", "schema": {"enum": SEVERITIES}},
                        {"name": "status", "in": "query", "schema": {"enum": COE_STATUSES}},
                        {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}},
                        {"name": "until", "in": "query", "schema": {"type": "string", "format": "date"}},
                    ],
                ),
                "post": operation("Start a draft COE (title required; times in UTC unless they carry an offset).",
                                  {"201": wrapped("coe", ref("CoeDetail"))}, body="CoeInput"),
            },
            "/coes/{coe_id}": {
                "get": operation("One COE with its quality gate and the most similar other COEs (earlier or later; no drafts).",
                                 {"200": wrapped("coe", ref("CoeDetail"))}, params=[path_param("coe_id", ID)]),
            },
            "/me": {"get": operation("Who this request is signed in as.", {"200": wrapped("user", ref("User"))})},
            "/users": {
                "get": operation("Everyone with an account (admin).", {"200": wrapped("users", {"type": "array", "items": ref("User")})}),
                "post": operation("Give someone an account (admin).", {"201": wrapped("user", ref("User"))}, body="UserInput"),
            },
            "/users/{user_id}": {
                "patch": operation(
                    "Change someone's account (admin).", {"200": wrapped("user", ref("User"))}, "UserInput", [path_param("user_id", ID)]
                )
            },
            "/audit": {
                "get": operation(
                    "The audit log (admin).",
                    {"200": wrapped("entries", {"type": "array", "items": ref("AuditEntry")})},
                    params=[
                        {"name": "user_id", "in": "query", "schema": ID},
                        {"name": "object_type", "in": "query", "schema": TEXT},
                        {"name": "object_id", "in": "query", "schema": ID},
                        {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}},
                        {"name": "until", "in": "query", "schema": {"type": "string", "format": "date"}},
                    ],
                )
            },
            "/teams": {
                "get": operation("Active teams.", {"200": wrapped("teams", {"type": "array", "items": team})}),
                "post": operation("Add a team.", {"201": wrapped("team", team), **invalid}, body="TeamInput"),
            },
            "/teams/{slug}": {
                "get": operation("One team.", {"200": wrapped("team", team)}, params=[SLUG]),
                "patch": operation("Change a team.", {"200": wrapped("team", team), **invalid}, "TeamInput", [SLUG]),
            },
            "/teams/{slug}/dashboard": {
                "get": operation(
                    "The team's dashboard numbers: this week (or ?week=YYYY-Www) beside the previous week.",
                    {"200": {"description": "OK", "content": {"application/json": {"schema": ref("Dashboard")}}}, "503": ERROR},
                    params=[SLUG, {"name": "week", "in": "query", "required": False,
                                   "schema": {"type": "string", "pattern": "^[0-9]{4}-W[0-9]{2}$"}}],
                )
            },
            "/teams/{slug}/archive": {"post": operation("Archive a team.", {"200": wrapped("team", team)}, params=[SLUG])},
            "/teams/{slug}/restore": {"post": operation("Restore a team.", {"200": wrapped("team", team)}, params=[SLUG])},
            "/meetings": {
                "get": operation("Meetings, newest first.", {"200": wrapped("meetings", {"type": "array", "items": meeting})}),
                "post": operation("Plan a meeting.", {"201": wrapped("meeting", meeting), **invalid}, body="MeetingInput"),
            },
            "/meetings/{meeting_id}": {
                "get": operation("One meeting.", {"200": wrapped("meeting", meeting)}, params=[MEETING_ID]),
                "patch": operation(
                    "Change a meeting.", {"200": wrapped("meeting", meeting), **invalid}, "MeetingInput", [MEETING_ID]
                ),
            },
            "/meetings/{meeting_id}/odds": {
                "get": operation(
                    "Each team's chance for the next pick, and why.",
                    {"200": {"description": "OK", "content": {"application/json": {"schema": ref("Odds")}}}},
                    params=[MEETING_ID],
                )
            },
            "/meetings/{meeting_id}/spins": {
                "post": {
                    **operation("Spin the next slot.", {"201": wrapped("spin", spin), **conflict, **invalid}, params=[MEETING_ID]),
                    "requestBody": {
                        "required": False,
                        "content": {
                            "application/json": {
                                "schema": obj({"slot": {"type": "integer", "minimum": 1, "maximum": 100}, "odds": TEXT}, required=[])
                            }
                        },
                    },
                }
            },
            "/meetings/{meeting_id}/live": {
                "get": operation(
                    "Where the meeting is, for followers; 304 when If-None-Match names the current ETag.",
                    {"200": {"description": "OK", "content": {"application/json": {"schema": ref("LiveState")}}},
                     "304": {"description": "Not modified since the ETag sent"}},
                    params=[MEETING_ID],
                ),
                "post": {
                    **operation(
                        "Move the meeting (host): start, next, previous, timer, spin, or go to item_id.",
                        {"200": {"description": "OK", "content": {"application/json": {"schema": ref("LiveState")}}},
                         **conflict, **invalid},
                        params=[MEETING_ID],
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": obj(
                                    {"action": {"enum": ["start", "next", "previous", "timer", "spin", "go"]},
                                     "version": ID, "item_id": ID},
                                    required=["action"],
                                )
                            }
                        },
                    },
                },
            },
            "/spins": {
                "get": operation(
                    "Spins, newest first.",
                    {"200": wrapped("spins", {"type": "array", "items": spin})},
                    params=[
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                        {"name": "meeting_id", "in": "query", "schema": ID},
                    ],
                )
            },
            "/spins/{spin_id}": {"get": operation("One spin.", {"200": wrapped("spin", spin)}, params=[SPIN_ID])},
            "/spins/{spin_id}/respin": {
                "post": {
                    **operation("Spin a slot again, keeping the original.", {"201": wrapped("spin", spin), **conflict, **invalid}, params=[SPIN_ID]),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": obj(
                                    {"outcome": {"enum": ["skipped", "respun"]}, "reason": {"type": "string", "minLength": 1, "maxLength": 500}}
                                )
                            }
                        },
                    },
                }
            },
        },
    }


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """The API described in OpenAPI 3."""
    return jsonify(document())
