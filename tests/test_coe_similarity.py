"""Similar past COEs: measured on a labelled set, and shown with what they share and their open fixes."""

from __future__ import annotations

from collections import Counter

import pytest

from opsreview.actions.models import ActionItem
from opsreview.coes.models import Coe, CoeStatus
from opsreview.extensions import db
from tests.coe_helpers import add_action, create_coe, ready_coe, times_on
from tests.data.coe_corpus import CORPUS
from tests.factories import add_team

THRESHOLD = 0.7


@pytest.fixture
def team_id(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return add_team("Checkout").id


def load_corpus(client, app) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """Every labelled COE through the API, as a client would, then reviewed (drafts are never suggested);
    returns each id's group."""
    groups = {}
    for group, title, summary, impact, whys, factors in CORPUS:
        pairs = [w.split("? ", 1) for w in whys]
        body = {"title": title, "summary": summary, "customer_impact": impact, "contributing_factors": factors,
                "whys": [{"question": q + "?", "answer": a} for q, a in pairs], "timeline": []}
        groups[create_coe(client, **body)] = group
    with app.app_context():  # the corpus is history: every COE went through its meeting long ago
        db.session.execute(db.update(Coe).values(status=CoeStatus.REVIEWED))
        db.session.commit()
    return groups


def test_the_labelled_set_is_large_and_grouped() -> None:
    sizes = Counter(group for group, *_ in CORPUS)
    assert len(CORPUS) >= 40 and len(sizes) >= 8 and min(sizes.values()) >= 4


def test_precision_at_3_of_similar_coes_is_at_least_0_7(client, app) -> None:  # type: ignore[no-untyped-def]
    groups = load_corpus(client, app)
    hits = 0
    for coe_id, group in groups.items():
        similar = client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["similar"]
        assert len(similar) == 3 and coe_id not in [s["id"] for s in similar]
        hits += sum(groups[s["id"]] == group for s in similar)
    precision = hits / (3 * len(groups))
    print(f"similar COEs: precision@3 = {precision:.3f} over {len(groups)} labelled COEs")
    assert precision >= THRESHOLD


def test_similar_coes_show_shared_words_and_a_fix_still_open(client, app, team_id) -> None:  # type: ignore[no-untyped-def]
    first = ready_coe(client, team_id, title="Checkout down after TLS certificate expired")
    add_action(client, first, title="Alarm 30 days before any certificate expires")
    ready_coe(client, team_id, title="Disk full on the order hosts", summary="Logs filled the disk.",
              customer_impact="200 orders failed.", contributing_factors="No log rotation.", whys=[
                  {"question": "Why did orders fail?", "answer": "The disk was full."},
                  {"question": "Why was the disk full?", "answer": "Logs were never rotated."},
                  {"question": "Why were logs never rotated?", "answer": "The hosts were built by hand."}])
    second = create_coe(client, title="Partner calls failed: client certificate expired")
    page = client.get(f"/coes/{second}").get_data(as_text=True)
    section = page.split('id="similar"')[1].split("</section>")[0]
    assert f"COE {first}: Checkout down after TLS certificate expired" in section
    assert section.index(f"COE {first}:") < section.index("Disk full")
    assert "certificate" in section.split("In common:")[1].split("</p>")[0]
    assert "The fix from last time is still open" in section and "Alarm 30 days before any certificate expires" in section
    with app.app_context():
        item_ids = db.session.scalars(db.select(ActionItem.id)).all()
    for item_id in item_ids:
        client.post(f"/actions/{item_id}/done")
    section = client.get(f"/coes/{second}").get_data(as_text=True).split('id="similar"')[1].split("</section>")[0]
    assert "still open" not in section and "Its 2 action items are closed." in section


def test_similar_coes_leave_out_drafts_and_say_earlier_or_later(client, team_id) -> None:  # type: ignore[no-untyped-def]
    later = ready_coe(client, team_id, title="Mobile checkout failed: certificate expired", **times_on("2026-05-04"))
    earlier = ready_coe(client, team_id, title="Checkout down after TLS certificate expired", **times_on("2026-01-12"))
    draft = create_coe(client, team_id, title="Payment API certificate expired again")
    shown = create_coe(client, team_id, title="Partner calls failed: client certificate expired")
    similar = {s["id"]: s["when"] for s in client.get(f"/api/v1/coes/{shown}").get_json()["coe"]["similar"]}
    assert similar == {earlier: "earlier", later: "later"}
    section = client.get(f"/coes/{shown}").get_data(as_text=True).split('id="similar"')[1].split("</section>")[0]
    assert "Similar past COEs" not in section and f"COE {draft}:" not in section
    entries = {coe_id: section.split(f"COE {coe_id}:")[1].split("</span>")[0] for coe_id in (earlier, later)}
    assert "(earlier;" in entries[earlier] and "(later;" in entries[later]
    # A draft finds the others too, but never shows up in theirs.
    assert draft not in [s["id"] for s in client.get(f"/api/v1/coes/{earlier}").get_json()["coe"]["similar"]]
