"""Putting COEs in through the API and the pages, as a person or a client would."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" \
      b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
DUE = (date.today() + timedelta(days=14)).isoformat()


def coe_body(team_id: int | None = None, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Checkout errors after a certificate expired",
        "severity": "sev2",
        "team_id": team_id,
        "service": "checkout",
        "event_start_at": "2026-03-02T09:00",
        "detected_at": "2026-03-02T09:12",
        "mitigated_at": "2026-03-02T09:40",
        "resolved_at": "2026-03-02T11:00",
        "summary": "The **TLS certificate** of the payment endpoint expired, so checkout calls failed.",
        "customer_impact": "1,200 customers could not pay for 28 minutes.",
        "contributing_factors": "Renewal was manual; no alarm on expiry dates.",
        "lessons_learned": "Certificates need automated renewal and an expiry alarm.",
        "related": "Ticket OPS-1234",
        "timeline": [
            {"at": "2026-03-02T09:00", "text": "Certificate expires"},
            {"at": "2026-03-02T09:12", "text": "Error-rate alarm fires"},
            {"at": "2026-03-02T09:40", "text": "New certificate deployed"},
        ],
        "whys": [
            {"question": "Why did checkout fail?", "answer": "The certificate had expired."},
            {"question": "Why had it expired?", "answer": "Nobody renewed it."},
            {"question": "Why did nobody renew it?", "answer": "Renewal was a manual calendar reminder."},
        ],
    }
    body.update(fields)
    return body


def create_coe(client, team_id: int | None = None, **fields: Any) -> int:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/coes", json=coe_body(team_id, **fields))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["coe"]["id"]


def add_action(client, coe_id: int, owner: str = "admin@example.com", **fields: Any):  # type: ignore[no-untyped-def]
    data = {"title": "Automate certificate renewal", "owner": owner, "due_on": DUE, "term": "medium", **fields}
    return client.post(f"/coes/{coe_id}/actions", data=data)


def add_image(client, coe_id: int, data: bytes = PNG, name: str = "graph.png"):  # type: ignore[no-untyped-def]
    return client.post(f"/coes/{coe_id}/images", data={"image": (io.BytesIO(data), name), "caption": "Error rate"},
                       content_type="multipart/form-data")


def complete_coe(client, team_id: int, owner: str = "admin@example.com", **fields: Any) -> int:  # type: ignore[no-untyped-def]
    """A COE that passes the quality gate: every section, an image, an action item."""
    coe_id = create_coe(client, team_id, **fields)
    assert add_action(client, coe_id, owner=owner).status_code == 302
    assert add_image(client, coe_id).status_code == 302
    return coe_id


def ready_coe(client, team_id: int, owner: str = "admin@example.com", **fields: Any) -> int:  # type: ignore[no-untyped-def]
    """A complete COE sent for review (it passed the quality gate)."""
    coe_id = complete_coe(client, team_id, owner=owner, **fields)
    client.post(f"/coes/{coe_id}/submit")
    assert client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["status"] == "ready for review"
    return coe_id


def times_on(day: str) -> dict[str, Any]:
    """An event's times and timeline on ``day`` (YYYY-MM-DD), in the order the gate wants."""
    return {
        "event_start_at": f"{day}T09:00", "detected_at": f"{day}T09:12", "mitigated_at": f"{day}T09:40",
        "resolved_at": f"{day}T11:00",
        "timeline": [{"at": f"{day}T09:00", "text": "Certificate expires"},
                     {"at": f"{day}T09:12", "text": "Error-rate alarm fires"},
                     {"at": f"{day}T09:40", "text": "New certificate deployed"}],
    }
