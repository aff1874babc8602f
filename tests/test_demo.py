"""The demo data: a living wheel on a fresh install, loaded once."""

from __future__ import annotations

from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.spins.models import Spin
from opsreview.teams.models import Team


def test_seed_demo_loads_an_organisation_with_months_of_history_once(app) -> None:  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    output = runner.invoke(args=["seed-demo"]).output
    assert "Loaded 40 teams" in output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Team.id))) == 40
        assert len(set(db.session.scalars(db.select(Team.org)))) == 5
        meetings = list(db.session.scalars(db.select(Meeting)))
        assert sum(m.status == MeetingStatus.CLOSED for m in meetings) >= 16
        assert sum(m.status == MeetingStatus.PLANNED for m in meetings) == 1
        assert db.session.scalar(db.select(db.func.count(Spin.id))) >= 19 * 6
    assert "already has teams" in runner.invoke(args=["seed-demo"]).output
    host_line = next(line for line in output.splitlines() if "host@example.com" in line)
    password = host_line.split()[-1]
    client = app.test_client()
    signed_in = client.post("/login", data={"email": "host@example.com", "password": password}, follow_redirects=True)
    assert "Open the wheel" in signed_in.get_data(as_text=True)
    for role in ("admin", "host", "leader", "member", "viewer"):
        assert f"{role}@example.com" in output


def test_the_demo_coes_show_similar_past_problems_and_an_open_fix(app) -> None:  # type: ignore[no-untyped-def]
    from opsreview.coes.models import Coe
    from tests.conftest import client_as
    from opsreview.accounts.models import Role

    app.test_cli_runner().invoke(args=["seed-demo"])
    with app.app_context():
        payouts = db.session.scalars(db.select(Coe.id).where(Coe.title.like("Payouts%"))).one()
    page = client_as(app, Role.VIEWER).get(f"/coes/{payouts}").get_data(as_text=True)
    similar = page.split('id="similar"')[1].split("</section>")[0]
    assert "Checkout errors after the payment certificate expired" in similar
    assert "The fix from last time is still open" in similar and "Alarm 30 days before any certificate expires" in similar
    assert "This week in COE history" in client_as(app, Role.VIEWER).get("/coes/").get_data(as_text=True)


def test_the_demo_agenda_has_wins_an_org_item_waiting_and_the_ready_coe(app) -> None:  # type: ignore[no-untyped-def]
    from opsreview.accounts.models import Role
    from tests.conftest import client_as

    app.test_cli_runner().invoke(args=["seed-demo"])
    host = client_as(app, Role.HOST)
    agenda = host.get("/agenda/", follow_redirects=True).get_data(as_text=True)
    assert "Checkout p99 down 40%" in agenda and "Every team: an alarm on certificate expiry" in agenda
    coes = agenda.split('id="section-coes"')[1].split('id="section-wheel"')[0]
    assert "Payouts to a partner bank failed" in coes and "present it" in coes
    assert 'id="coes-waiting"' not in coes  # it is on the agenda, not waiting for one
    assert "Planned 114 of 120 minutes" in agenda  # two wins, the COE, six teams, follow-ups: it fits
