"""COEs: writing one, the quality gate, review in the meeting, closing, exports."""

from __future__ import annotations

from datetime import date

import pytest

from opsreview.accounts.models import Role
from opsreview.actions.models import ActionItem
from opsreview.audit.models import AuditEntry
from opsreview.coes.models import Coe, CoeImage, CoeStatus
from opsreview.dashboards import services as dashboards
from opsreview.dashboards.models import Dashboard, Source
from opsreview.extensions import db
from tests.cloudwatch_fixtures import aws_env, moto, moto_url  # noqa: F401
from tests.coe_helpers import add_action, add_image, coe_body, complete_coe, create_coe, ready_coe
from tests.conftest import client_as
from tests.factories import add_meeting, add_team, add_user


@pytest.fixture
def team_id(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return add_team("Checkout").id


def editor_data(**fields):  # type: ignore[no-untyped-def]
    data = {"title": "Orders lost in a queue", "severity": "sev2", "team_id": "", "service": "orders",
            "summary": "Orders waited in a queue.", "customer_impact": "300 orders late by 2 hours."}
    data.update(fields)
    return data


def test_a_member_starts_a_draft_in_the_editor(app, team_id) -> None:  # type: ignore[no-untyped-def]
    member = client_as(app, Role.MEMBER)
    response = member.post("/coes/new", data=editor_data(team_id=str(team_id), **{
        "timeline-0-at": "2026-03-02T09:00", "timeline-0-text": "Queue depth alarm",
        "whys-0-question": "Why were orders late?", "whys-0-answer": "The consumer had stopped."}))
    assert response.status_code == 302
    with app.app_context():
        coe = db.session.scalars(db.select(Coe)).one()
        assert (coe.title, coe.status, coe.team_id) == ("Orders lost in a queue", CoeStatus.DRAFT, team_id)
        assert [row.text for row in coe.timeline] == ["Queue depth alarm"]
        assert coe.whys[0].answer == "The consumer had stopped."
        assert coe.author.email == "member@example.com"


def test_a_failed_validation_keeps_everything_typed(app) -> None:  # type: ignore[no-untyped-def]
    member = client_as(app, Role.MEMBER)
    response = member.post("/coes/new", data=editor_data(title="", **{
        "timeline-0-at": "", "timeline-0-text": "A row without its time",
        "whys-0-question": "Why did the consumer stop?"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give the COE a title." in page and "Give this row its time." in page
    assert "A row without its time" in page and "Why did the consumer stop?" in page and "300 orders late" in page
    with app.app_context():
        assert db.session.scalars(db.select(Coe)).all() == []


def test_timeline_rows_and_whys_are_saved_in_the_order_sent_and_blank_rows_dropped(client, app) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client)
    response = client.post(f"/coes/{coe_id}/edit", data=editor_data(**{
        "timeline-0-at": "2026-03-02T10:00", "timeline-0-text": "Second, moved up",
        "timeline-1-at": "", "timeline-1-text": "",
        "timeline-2-at": "2026-03-02T09:00", "timeline-2-text": "First, moved down",
        "whys-0-question": "Why B?", "whys-0-answer": "Because C.",
        "whys-1-question": "Why A?", "whys-1-answer": "Because B."}))
    assert response.status_code == 302
    body = client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]
    assert [row["text"] for row in body["timeline"]] == ["Second, moved up", "First, moved down"]
    assert [w["question"] for w in body["whys"]] == ["Why B?", "Why A?"]


def test_autosave_saves_and_says_what_is_wrong_without_saving(client, app) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client)
    saved = client.post(f"/coes/{coe_id}/autosave", data=editor_data(summary="Typed a moment ago."))
    assert saved.status_code == 200 and saved.get_json()["saved"] is True
    refused = client.post(f"/coes/{coe_id}/autosave", data=editor_data(title="", summary="Not kept on the server"))
    assert refused.status_code == 422 and "title" in refused.get_json()["errors"]
    with app.app_context():
        assert db.session.get(Coe, coe_id).summary == "Typed a moment ago."


def test_the_editor_page_carries_the_autosave_and_local_copy(client) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client)
    page = client.get(f"/coes/{coe_id}/edit").get_data(as_text=True)
    assert f'data-autosave="/coes/{coe_id}/autosave"' in page and f'data-draft-key="coe-draft-{coe_id}"' in page
    assert "/static/js/coe.js" in page and 'value="Certificate expires"' in page


def test_the_gate_lists_what_is_missing_and_refuses_ready_for_review(client, app) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client, whys=[{"question": "Why?", "answer": "Because."}], customer_impact="Many customers.")
    page = client.get(f"/coes/{coe_id}").get_data(as_text=True)
    for message in ("Fill in: team, metrics", "Quantify the customer impact", "Ask at least 3 whys",
                    "Add at least one action item"):
        assert message in page
    response = client.post(f"/coes/{coe_id}/submit", follow_redirects=True)
    assert "Not ready for review yet" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Coe, coe_id).status == CoeStatus.DRAFT


def test_the_timeline_must_show_detection_and_mitigation(client, team_id) -> None:  # type: ignore[no-untyped-def]
    coe_id = complete_coe(client, team_id, timeline=[{"at": "2026-03-02T09:00", "text": "Certificate expires"}])
    gate = {c["check"]: c for c in client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["quality_gate"]}
    assert not gate["timeline"]["passed"] and "detection and mitigation" in gate["timeline"]["message"]


def test_a_summary_that_names_a_person_fails_the_blameless_check(client, app, team_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_user(Role.MEMBER, email="jordan@example.com", name="Jordan Blake")
    coe_id = complete_coe(client, team_id, summary="jordan blake pushed the bad config.")
    page = client.get(f"/coes/{coe_id}").get_data(as_text=True)
    assert "The summary names Jordan Blake" in page
    client.post(f"/coes/{coe_id}/submit")
    with app.app_context():
        assert db.session.get(Coe, coe_id).status == CoeStatus.DRAFT


def test_a_complete_coe_goes_through_review_to_closed(client, app, team_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(date(2030, 1, 10)).id
    coe_id = complete_coe(client, team_id)
    assert all(c["passed"] for c in client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["quality_gate"])
    client.post(f"/coes/{coe_id}/submit")
    client.post(f"/coes/{coe_id}/review", data={"meeting_id": str(meeting_id)})
    refused = client.post(f"/coes/{coe_id}/close", follow_redirects=True).get_data(as_text=True)
    assert "Action items still open: Automate certificate renewal." in refused
    with app.app_context():
        coe = db.session.get(Coe, coe_id)
        assert (coe.status, coe.reviewed_meeting_id) == (CoeStatus.REVIEWED, meeting_id)
        item_id = coe.action_items[0].id
    client.post(f"/actions/{item_id}/done")
    client.post(f"/coes/{coe_id}/close")
    with app.app_context():
        assert db.session.get(Coe, coe_id).status == CoeStatus.CLOSED
        changes = db.session.scalars(db.select(AuditEntry.summary).where(AuditEntry.object_type == "coe")).all()
    assert any(s.startswith("ready for review:") for s in changes)
    assert any(s.startswith("reviewed:") for s in changes) and any(s.startswith("closed:") for s in changes)


def test_only_a_host_marks_a_coe_reviewed(app, team_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(date(2030, 1, 10)).id
    leader = client_as(app, Role.LEADER)
    coe_id = complete_coe(leader, team_id, owner="leader@example.com", summary="The certificate expired.")
    leader.post(f"/coes/{coe_id}/submit")
    assert leader.post(f"/coes/{coe_id}/review", data={"meeting_id": str(meeting_id)}).status_code == 403
    assert client_as(app, Role.HOST).post(f"/coes/{coe_id}/review", data={"meeting_id": str(meeting_id)}).status_code == 302


def test_action_items_from_a_coe_come_from_the_action_item_rules(client, app) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client)
    response = add_action(client, coe_id, owner="nobody@example.com", due_on="2001-01-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "can own items" in page and "cannot be in the past" in page
    assert add_action(client, coe_id, term="long").status_code == 302
    with app.app_context():
        item = db.session.scalars(db.select(ActionItem)).one()
        assert (item.coe_id, item.source.value, item.term.value) == (coe_id, "coe", "long")
        assert item.source_ref.startswith(f"COE {coe_id}:")


def test_a_member_edits_only_their_own_draft(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_user(Role.MEMBER, email="other@example.com", name="Other Member")
    author = client_as(app, Role.MEMBER)
    coe_id = create_coe(author)
    with app.app_context():
        other = app.test_client(user=db.session.scalars(db.select(type(db.session.get(Coe, coe_id).author))
                                                       .filter_by(email="other@example.com")).one())
    assert other.get(f"/coes/{coe_id}/edit").status_code == 403
    assert other.post(f"/coes/{coe_id}/autosave", data=editor_data()).status_code == 403
    assert author.post(f"/coes/{coe_id}/autosave", data=editor_data()).status_code == 200
    assert client_as(app, Role.LEADER).get(f"/coes/{coe_id}/edit").status_code == 200
    assert client_as(app, Role.VIEWER).get(f"/coes/{coe_id}").status_code == 200


def test_markdown_is_rendered_and_hostile_html_is_not(client) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client, summary="**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(2)>")
    page = client.get(f"/coes/{coe_id}").get_data(as_text=True)
    assert "<strong>bold</strong>" in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page and 'href="javascript:' not in page


def test_exports_markdown_print_and_projector(client, team_id) -> None:  # type: ignore[no-untyped-def]
    coe_id = complete_coe(client, team_id)
    text = client.get(f"/coes/{coe_id}/export.md").get_data(as_text=True)
    for heading in ("## Summary", "## Customer impact", "## Timeline", "## Five whys", "## Action items"):
        assert heading in text
    assert "| 2026-03-02 09:12 | Error-rate alarm fires |" in text and "Automate certificate renewal" in text
    printable = client.get(f"/coes/{coe_id}/print").get_data(as_text=True)
    assert "coe-print.css" in printable and "Error-rate alarm fires" in printable
    present = client.get(f"/coes/{coe_id}/present").get_data(as_text=True)
    assert present.count('class="coe-section') == 10 and "coe-present.js" in present


def test_a_dashboard_snapshot_is_frozen_into_the_coe_and_drawn(client, app, team_id) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client, team_id)
    assert client.post(f"/coes/{coe_id}/snapshot").status_code == 302
    with app.app_context():
        metrics = db.session.get(Coe, coe_id).metrics
    assert metrics["team"] == "checkout" and metrics["start"] <= "2026-03-02T09:00" < metrics["end"]
    assert metrics["series"] and all(s["points"] for s in metrics["series"])
    page = client.get(f"/coes/{coe_id}").get_data(as_text=True)
    section = page.split('id="metrics"')[1].split("</section>")[0]
    assert "Dashboard snapshot" in section and "availability" in section and "data-figure=" in section
    assert "plotly" in page
    gate = client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["quality_gate"]
    sections = next(c for c in gate if c["check"] == "sections")
    assert sections["passed"], sections["message"]  # the snapshot fills the metrics section; no image needed


def test_a_snapshot_needs_a_team_and_a_start(client, app) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client)
    page = client.post(f"/coes/{coe_id}/snapshot", follow_redirects=True).get_data(as_text=True)
    assert "Set the team and the event start first." in page
    with app.app_context():
        assert db.session.get(Coe, coe_id).metrics is None


def test_earlier_coes_named_in_related_items_are_linked(client) -> None:  # type: ignore[no-untyped-def]
    earlier = create_coe(client, title="The first certificate outage")
    later = create_coe(client, related=f"Same as COE {earlier}; ticket OPS-9.")
    section = client.get(f"/coes/{later}").get_data(as_text=True).split('id="related"')[1].split("</section>")[0]
    assert f'<a href="/coes/{earlier}">COE {earlier}: The first certificate outage</a>' in section
    assert "Earlier COEs" not in client.get(f"/coes/{earlier}").get_data(as_text=True)


def test_api_times_with_an_offset_are_converted_to_utc(client) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client, event_start_at="2024-03-04T10:00:00+05:00", detected_at="2024-03-04T05:10:00Z",
                        mitigated_at="2024-03-04T05:20", resolved_at="2024-03-04T01:30-04:00",
                        timeline=[{"at": "2024-03-04T01:15:00-04:00", "text": "Paged"}])
    body = client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]
    assert [body[k] for k in ("event_start_at", "detected_at", "mitigated_at", "resolved_at")] == [
        "2024-03-04T05:00:00+00:00", "2024-03-04T05:10:00+00:00", "2024-03-04T05:20:00+00:00",
        "2024-03-04T05:30:00+00:00"]
    assert body["timeline"][0]["at"] == "2024-03-04T05:15:00+00:00"


@pytest.mark.parametrize("field, fields", [
    ("event_start_at", {"event_start_at": "2024-03-04T10:00 in the morning"}),
    ("resolved_at", {"resolved_at": "0001-01-01T00:00+05:00"}),  # before the first representable moment in UTC
    ("timeline[1].at", {"timeline": [{"at": "2024-03-04T10:00", "text": "Paged"},
                                     {"at": "2024-03-04T10:30 or so", "text": "Rolled back"}]}),
])
def test_api_refuses_a_time_it_cannot_read(client, app, field, fields) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/coes", json=coe_body(**fields))
    assert response.status_code == 422 and response.get_json()["error"]["field"] == field
    with app.app_context():
        assert db.session.scalars(db.select(Coe)).all() == []


def test_a_snapshot_needs_the_event_to_start_before_it_is_resolved(client, app, team_id) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client, team_id, resolved_at="2026-03-02T08:00")
    page = client.post(f"/coes/{coe_id}/snapshot", follow_redirects=True).get_data(as_text=True)
    assert "The event start must be before the resolution time" in page
    with app.app_context():
        assert db.session.get(Coe, coe_id).metrics is None


@pytest.fixture
def unreachable_cloudwatch(app, aws_env, team_id):  # type: ignore[no-untyped-def]  # noqa: F811
    """Point the team's dashboard at CloudWatch on a loopback port where nothing listens."""
    def switch() -> None:
        app.config.update(CLOUDWATCH_ENDPOINT_URL="http://127.0.0.1:9", CLOUDWATCH_MAX_ATTEMPTS=1,
                          CLOUDWATCH_TIMEOUT=2, AWS_REGION="us-east-1")
        with app.app_context():
            db.session.add(Dashboard(team_id=team_id, source=Source.CLOUDWATCH, namespace="Shop",
                                     service_name="checkout", apis="", period=300))
            db.session.commit()
    return switch


def test_a_failed_snapshot_is_not_stored_and_the_earlier_one_is_kept(client, app, team_id,
                                                                      unreachable_cloudwatch) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client, team_id)
    client.post(f"/coes/{coe_id}/snapshot")
    with app.app_context():
        earlier = db.session.get(Coe, coe_id).metrics
    assert earlier["source"] == "sample" and earlier["series"]
    unreachable_cloudwatch()
    page = client.post(f"/coes/{coe_id}/snapshot", follow_redirects=True).get_data(as_text=True)
    assert "The dashboard could not be copied: Could not reach CloudWatch" in page
    with app.app_context():
        assert db.session.get(Coe, coe_id).metrics == earlier


def test_a_failed_first_snapshot_leaves_the_metrics_section_to_fill(client, app, team_id,
                                                                   unreachable_cloudwatch) -> None:  # type: ignore[no-untyped-def]
    unreachable_cloudwatch()
    coe_id = create_coe(client, team_id)
    client.post(f"/coes/{coe_id}/snapshot")
    gate = {c["check"]: c for c in client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["quality_gate"]}
    assert not gate["sections"]["passed"] and "metrics (a dashboard snapshot or a graph)" in gate["sections"]["message"]
    with app.app_context():
        assert db.session.get(Coe, coe_id).metrics is None


def test_a_window_the_dashboard_refuses_is_explained_not_a_500(client, app, team_id, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Stands in for the dashboards rule (ValueError with a readable message, e.g. for over 14 days).
    def refuse(team, start, end):  # type: ignore[no-untyped-def]
        raise ValueError("A snapshot covers at most 14 days.")

    monkeypatch.setattr(dashboards, "snapshot", refuse)
    coe_id = create_coe(client, team_id, resolved_at="2026-03-30T09:00")
    response = client.post(f"/coes/{coe_id}/snapshot", follow_redirects=True)
    assert response.status_code == 200
    assert "The dashboard could not be copied: A snapshot covers at most 14 days." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Coe, coe_id).metrics is None


def test_a_snapshot_without_any_points_does_not_count_as_metrics(client, app, moto) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app.config.update(CLOUDWATCH_ENDPOINT_URL=moto, CLOUDWATCH_MAX_ATTEMPTS=1, AWS_REGION="us-east-1")
    with app.app_context():
        team = add_team("Quiet")
        db.session.add(Dashboard(team_id=team.id, source=Source.CLOUDWATCH, namespace="Nothing",
                                 service_name="quiet", apis="", period=300))
        db.session.commit()
        team_id = team.id
    coe_id = create_coe(client, team_id)  # nothing was ever put into this CloudWatch
    client.post(f"/coes/{coe_id}/snapshot")
    with app.app_context():
        metrics = db.session.get(Coe, coe_id).metrics
    assert metrics is not None and not any(s["points"] for s in metrics["series"])
    gate = {c["check"]: c for c in client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["quality_gate"]}
    assert not gate["sections"]["passed"] and "metrics (a dashboard snapshot or a graph)" in gate["sections"]["message"]


def test_removing_the_only_graph_sends_a_coe_waiting_for_review_back_to_draft(client, app, team_id) -> None:  # type: ignore[no-untyped-def]
    coe_id = ready_coe(client, team_id)
    with app.app_context():
        image_id = db.session.scalars(db.select(CoeImage.id)).one()
    page = client.post(f"/coes/images/{image_id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "Back to draft" in page and "metrics (a dashboard snapshot or a graph)" in page
    with app.app_context():
        assert db.session.get(Coe, coe_id).status == CoeStatus.DRAFT
        summaries = db.session.scalars(db.select(AuditEntry.summary).where(AuditEntry.object_type == "coe")).all()
    assert any(s.startswith("draft:") and "quality gate" in s for s in summaries)


def test_removing_one_of_two_graphs_keeps_the_coe_waiting_for_review(client, app, team_id) -> None:  # type: ignore[no-untyped-def]
    coe_id = ready_coe(client, team_id)
    add_image(client, coe_id)
    with app.app_context():
        image_id = db.session.scalars(db.select(CoeImage.id).order_by(CoeImage.id)).first()
    client.post(f"/coes/images/{image_id}/delete")
    with app.app_context():
        assert db.session.get(Coe, coe_id).status == CoeStatus.READY


def test_a_coe_that_no_longer_passes_the_gate_is_not_marked_reviewed(client, app, team_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(date(2030, 1, 10)).id
    coe_id = ready_coe(client, team_id, summary="Dana Whitfield renewed the wrong certificate.")
    # Dana gets an account after the COE passed the gate: now the summary names a person.
    created = client.post("/api/v1/users", json={"email": "dana@example.com", "name": "Dana Whitfield", "role": "member"})
    assert created.status_code == 201
    page = client.post(f"/coes/{coe_id}/review", data={"meeting_id": str(meeting_id)},
                       follow_redirects=True).get_data(as_text=True)
    assert "Not marked reviewed: the COE no longer passes the quality gate." in page
    assert "The summary names Dana Whitfield" in page
    with app.app_context():
        coe = db.session.get(Coe, coe_id)
        assert (coe.status, coe.reviewed_meeting_id) == (CoeStatus.READY, None)
