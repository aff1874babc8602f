"""Only the right people change things: every state-changing route refuses a role below its own."""

from __future__ import annotations

import re
from datetime import date

import pytest

from opsreview.accounts.models import Role
from tests.coe_helpers import add_image, create_coe
from tests.conftest import client_as
from tests.factories import add_meeting, add_team, add_teams

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Routes anyone may post to without a role: signing in.
OPEN_ROUTES = {"accounts.login"}


def state_changing_routes(app):  # type: ignore[no-untyped-def]
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) & UNSAFE
        if methods and rule.endpoint not in OPEN_ROUTES:
            yield rule, sorted(methods)[0]


def fill(rule, ids: dict[str, object]) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(ids[m.group(1)]), rule.rule)


def test_every_state_changing_route_names_the_role_it_needs(app) -> None:  # type: ignore[no-untyped-def]
    unmarked = [
        rule.rule for rule, _ in state_changing_routes(app) if not hasattr(app.view_functions[rule.endpoint], "required_role")
    ]
    assert unmarked == [], "add @require(Role...) to these routes"


def test_every_state_changing_route_refuses_every_role_below_its_own(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        slug = add_team("Ledger").slug
        meeting_id = add_meeting(date(2030, 1, 10)).id
        add_teams(3)
    host = client_as(app, Role.HOST)
    spin = host.post(f"/api/v1/meetings/{meeting_id}/spins", json={}).get_json()["spin"]
    item = host.post(
        "/api/v1/action-items", json={"title": "Fix alarms", "owner": "host@example.com", "due_on": "2031-01-01"}
    ).get_json()["action_item"]
    coe_id = create_coe(host)
    add_image(host, coe_id)
    ids = {"slug": slug, "meeting_id": meeting_id, "spin_id": spin["id"], "token_id": 1, "user_id": 1, "item_id": item["id"],
           "coe_id": coe_id, "image_id": 1, "widget_id": 1,
           "agenda_item_id": 1}
    checked = 0
    for rule, method in state_changing_routes(app):
        needed: Role = app.view_functions[rule.endpoint].required_role
        url = fill(rule, ids)
        anonymous = client_as(app, None).open(url, method=method, json={})
        assert anonymous.status_code in (302, 401), f"{method} {url} let a signed-out request through"
        checked += 1
        for below in list(Role)[: needed.rank]:
            response = client_as(app, below).open(url, method=method, json={})
            assert response.status_code == 403, f"{method} {url} needs {needed.value} but let a {below.value} through"
            checked += 1
    print(f"role-by-route checks: {checked}")
    assert checked >= 60


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER, Role.LEADER])
def test_only_a_host_spins_the_wheel(app, role) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_teams(3)
        meeting_id = add_meeting(date(2030, 1, 10)).id
    response = client_as(app, role).post(f"/api/v1/meetings/{meeting_id}/spins", json={})
    assert response.status_code == 403
    assert "needs the host role" in response.get_json()["error"]["message"]


def test_a_viewer_reads_everything(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_team("Ledger")
        meeting_id = add_meeting(date(2030, 1, 10)).id
    viewer = client_as(app, Role.VIEWER)
    for url in ["/", "/teams/", "/teams/ledger", "/meetings/", f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/wheel",
                "/spins", "/api/v1/teams", "/api/v1/spins", "/teams/ledger/dashboard", "/api/v1/teams/ledger/dashboard",
                f"/api/v1/meetings/{meeting_id}/odds", "/account/tokens", "/coes/", "/api/v1/coes",
                f"/meetings/{meeting_id}/agenda", f"/meetings/{meeting_id}/projector", f"/meetings/{meeting_id}/follow",
                f"/meetings/{meeting_id}/follow-ups", f"/api/v1/meetings/{meeting_id}/live", "/agenda/wins"]:
        assert viewer.get(url).status_code == 200, url


def test_signed_out_people_are_sent_to_sign_in_and_api_clients_get_401(anonymous) -> None:  # type: ignore[no-untyped-def]
    page = anonymous.get("/teams/")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login?next=")
    api = anonymous.get("/api/v1/teams")
    assert api.status_code == 401 and api.is_json


def test_a_viewer_follows_the_wheel_without_a_spin_button(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_teams(3)
        meeting_id = add_meeting(date(2030, 1, 10)).id
    page = client_as(app, Role.VIEWER).get(f"/meetings/{meeting_id}/wheel").get_data(as_text=True)
    assert 'id="spin-button"' not in page and "the host spins the wheel" in page
    assert 'id="spin-button"' in client_as(app, Role.HOST).get(f"/meetings/{meeting_id}/wheel").get_data(as_text=True)
