"""Hostile text stored through every form is shown inert on every page, in a real browser."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from opsreview.accounts.models import Role
from opsreview.actions.models import ActionItem
from opsreview.coes.models import Coe
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.spins.models import Spin
from opsreview.teams.models import Team
from tests.conftest import make_app
from tests.factories import add_user
from tests.live import serve
from tests.test_wheel_browser import browser  # noqa: F401 - the shared Chromium fixture

PAYLOADS = [line for line in (Path(__file__).parent / "data" / "xss_payloads.txt").read_text().splitlines() if line]
PASSWORD = "a long test passphrase"

pytestmark = pytest.mark.browser


def test_the_corpus_is_large_enough() -> None:
    assert len(PAYLOADS) >= 30


def store_everywhere(app) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Put each payload through each form a person can fill in."""
    with app.app_context():
        client = app.test_client(user=add_user(Role.ADMIN, password=PASSWORD))
    for i, payload in enumerate(PAYLOADS):
        response = client.post(
            "/teams/new",
            data={
                "name": f"{payload} {i}"[:120],
                "slug": f"team-{i}",
                "org": payload[:120],
                "description": payload,
                "contact": payload[:200],
                "links": f"{payload.replace(chr(10), ' ')} https://example.com/{i}",
                "away_until": "" if i % 3 else "2031-01-01",
                "away_reason": payload[:200] if i % 3 == 0 else "",
            },
        )
        assert response.status_code == 302, f"payload {i} was refused: {response.get_data(as_text=True)[:300]}"
        client.post("/admin/users/new", data={"email": f"person{i}@example.com", "name": payload[:120], "role": "viewer"})
        client.post("/account/tokens", data={"name": payload[:120], "scope": "read"})
        due = (date.today() + timedelta(days=3 + i)).isoformat()
        client.post("/actions/quick", data={"title": payload[:200], "owner": "admin@example.com", "due_on": due})
    client.post("/meetings/new", data={"held_on": "2030-01-10", "title": PAYLOADS[0], "status": "planned", "wheel_slots": "6"})
    with app.app_context():
        meeting_id = db.session.scalars(db.select(Meeting.id)).one()
    first = client.post(f"/api/v1/meetings/{meeting_id}/spins", json={}).get_json()["spin"]
    client.post(f"/api/v1/spins/{first['id']}/respin", json={"outcome": "skipped", "reason": PAYLOADS[1]})
    client.post(f"/api/v1/meetings/{meeting_id}/spins", json={})
    with app.app_context():
        slugs = list(db.session.scalars(db.select(Team.slug)))
        spin_ids = list(db.session.scalars(db.select(Spin.id)))
        team_ids = list(db.session.scalars(db.select(Team.id)))
    pages = ["/", "/teams/", "/meetings/", f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/wheel",
             f"/meetings/{meeting_id}/wheel?spin={spin_ids[0]}", "/spins", "/audit/", "/admin/users", "/account/tokens",
             f"/audit/team/{team_ids[0]}", f"/audit/spin/{spin_ids[1]}"]
    with app.app_context():
        item_ids = list(db.session.scalars(db.select(ActionItem.id)))
    assert len(item_ids) == len(PAYLOADS)
    later = (date.today() + timedelta(days=60)).isoformat()
    client.post(f"/actions/{item_ids[0]}/reschedule", data={"due_on": later, "reason": PAYLOADS[2]})
    client.post(f"/actions/{item_ids[1]}/wont-do", data={"reason": PAYLOADS[3]})
    pages += ["/actions/", "/actions/?closed=1", "/actions/mine", "/actions/overdue", "/actions/stats"]
    pages += [f"/actions/{i}" for i in item_ids[:5]]
    pages += [f"/teams/{slug}" for slug in slugs] + [f"/spins/{sid}" for sid in spin_ids]
    for i, payload in enumerate(PAYLOADS[:12]):
        kind = ("note", "link", "metric")[i % 3]
        widget = {"kind": kind, "title": payload[:200], "text": payload, "url": f"https://example.com/{i}",
                  "namespace": "Shop", "metric_name": "Orders", "dimensions": f"Service={payload.replace(chr(10), ' ')[:200]}",
                  "statistic": "Sum", "better": "higher"}
        response = client.post(f"/teams/{slugs[0]}/dashboard/widgets", data=widget)
        assert response.status_code == 302, f"widget {i} was refused"
    pages += [f"/teams/{slugs[0]}/dashboard", f"/audit/dashboard/{team_ids[0]}"]
    pages += agenda_pages(client, meeting_id, item_ids)
    pages += store_coes(client, app)
    return {"pages": pages}


def agenda_pages(client, meeting_id: int, action_item_ids: list[int]) -> list[str]:  # type: ignore[no-untyped-def]
    """Payloads as agenda items, a follow-up note, a live meeting and its minutes."""
    kinds = ["win", "coe", "org_item", "announcement"]
    for i, payload in enumerate(PAYLOADS[:12]):
        client.post(f"/meetings/{meeting_id}/agenda/items", data={
            "kind": kinds[i % 4], "title": payload[:200], "body": payload, "presenter": payload[:120],
            "link": f"https://example.com/{i}"})
    with client.application.app_context():
        from opsreview.agenda.models import AgendaItem

        agenda_ids = list(db.session.scalars(db.select(AgendaItem.id).where(AgendaItem.title.in_(PAYLOADS))))
    assert len(agenda_ids) == 12
    for agenda_id in agenda_ids[:8]:
        client.post(f"/agenda/items/{agenda_id}/accept")
    client.post(f"/agenda/items/{agenda_ids[-1]}/defer")
    client.post(f"/meetings/{meeting_id}/start")
    client.post(f"/meetings/{meeting_id}/follow-ups/{action_item_ids[3]}", data={"outcome": "escalated", "note": PAYLOADS[4]})
    pages = [f"/meetings/{meeting_id}/{page}" for page in ("agenda", "projector", "follow", "follow-ups")] + ["/agenda/wins"]
    client.post(f"/meetings/{meeting_id}/close")
    return pages + [f"/meetings/{meeting_id}/minutes", "/agenda/", f"/meetings/{meeting_id}/projector"]


def store_coes(client, app) -> list[str]:  # type: ignore[no-untyped-def]
    """Each payload in every text section of a COE, through the editor and the COE page's forms."""
    due = (date.today() + timedelta(days=30)).isoformat()
    for i, payload in enumerate(PAYLOADS):
        text = {name: payload for name in ("summary", "customer_impact", "contributing_factors", "lessons_learned", "related")}
        response = client.post("/coes/new", data={
            "title": f"{payload} {i}"[:200], "severity": "sev2", "service": payload[:120], **text,
            "timeline-0-at": "2026-03-02T09:00", "timeline-0-text": payload[:2000],
            "whys-0-question": payload[:2000], "whys-0-answer": payload[:2000]})
        assert response.status_code == 302, f"COE with payload {i} was refused"
    with app.app_context():
        coe_ids = list(db.session.scalars(db.select(Coe.id)))
    for i, coe_id in enumerate(coe_ids[:3]):
        client.post(f"/coes/{coe_id}/actions", data={"title": PAYLOADS[i][:200], "owner": "admin@example.com",
                                                     "due_on": due, "term": "short", "description": PAYLOADS[i]})
    pages = ["/coes/", f"/coes/?q={PAYLOADS[0][:20]}"]
    for coe_id in coe_ids[:4]:
        pages += [f"/coes/{coe_id}", f"/coes/{coe_id}/edit", f"/coes/{coe_id}/print", f"/coes/{coe_id}/present"]
    return pages


def test_hostile_text_fires_nothing_on_any_page(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app = make_app(f"sqlite:///{tmp_path / 'xss.sqlite3'}", tmp_path, WTF_CSRF_ENABLED=False)
    pages = store_everywhere(app)["pages"]
    app.config["WTF_CSRF_ENABLED"] = True
    with serve(app) as base:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        problems: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        page.on("console", lambda m: problems.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
        page.goto(f"{base}/login")
        page.fill("#email", "admin@example.com")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        for path in pages:
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            page.mouse.move(200, 300)  # give mouse-over payloads their chance
        context.close()
    assert dialogs == []
    assert problems == []
    assert len(pages) >= 50
