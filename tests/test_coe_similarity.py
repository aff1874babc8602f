"""Similar past COEs: measured on a labelled set, and shown with what they share and their open fixes."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest

from opsreview.actions.models import ActionItem
from opsreview.coes.api import flatten
from opsreview.coes.models import Coe, CoeStatus
from opsreview.extensions import db
from tests.coe_helpers import add_action, coe_body, create_coe, ready_coe, times_on
from tests.data.coe_corpus import CORPUS
from tests.factories import add_team

THRESHOLD = 0.7


@pytest.fixture
def team_id(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return add_team("Checkout").id


def load_corpus(client, app) -> dict[int, tuple[str, datetime]]:  # type: ignore[no-untyped-def]
    """Every labelled COE through the API, as a client would, then reviewed (drafts are never suggested).
    The groups' events interleave in time: the k-th COE of every group happened in week k. Returns
    each id's group and event start."""
    labelled, place = {}, Counter[str]()
    order = list(dict.fromkeys(group for group, *_ in CORPUS))
    for group, title, summary, impact, whys, factors in CORPUS:
        start = datetime(2024, 1, 1, 9) + timedelta(weeks=place[group], hours=order.index(group))
        place[group] += 1
        pairs = [w.split("? ", 1) for w in whys]
        body = {"title": title, "summary": summary, "customer_impact": impact, "contributing_factors": factors,
                "whys": [{"question": q + "?", "answer": a} for q, a in pairs], "timeline": [],
                "event_start_at": start.isoformat(timespec="minutes"), "detected_at": None, "mitigated_at": None,
                "resolved_at": None}
        labelled[create_coe(client, **body)] = (group, start)
    with app.app_context():  # the corpus is history: every COE went through its meeting long ago
        db.session.execute(db.update(Coe).values(status=CoeStatus.REVIEWED))
        db.session.commit()
    return labelled


def test_the_labelled_set_is_large_and_grouped() -> None:
    sizes = Counter(group for group, *_ in CORPUS)
    assert len(CORPUS) >= 40 and len(sizes) >= 8 and min(sizes.values()) >= 4


def test_precision_at_3_of_similar_past_coes_is_at_least_0_7(client, app) -> None:  # type: ignore[no-untyped-def]
    """Asked of every COE that has at least three earlier COEs of its kind, so three right answers exist."""
    labelled = load_corpus(client, app)
    queries = [coe_id for coe_id, (group, start) in labelled.items()
               if sum(g == group and s < start for g, s in labelled.values()) >= 3]
    hits = 0
    for coe_id in queries:
        group, start = labelled[coe_id]
        similar = client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["similar"]
        past = [s["id"] for s in similar if s["when"] == "earlier"]
        assert len(past) == 3 and all(labelled[i][1] < start for i in past)
        hits += sum(labelled[i][0] == group for i in past)
    precision = hits / (3 * len(queries))
    print(f"similar past COEs: precision@3 = {precision:.3f} over {len(queries)} labelled COEs")
    assert len(queries) >= 2 * len(set(g for g, _ in labelled.values())) and precision >= THRESHOLD


def test_similar_coes_are_earlier_ones_and_later_ones_are_listed_apart(client, app) -> None:  # type: ignore[no-untyped-def]
    labelled = load_corpus(client, app)
    first = min(labelled, key=lambda i: labelled[i][1])
    similar = client.get(f"/api/v1/coes/{first}").get_json()["coe"]["similar"]
    assert [s["when"] for s in similar] == ["later"] * 3  # nothing happened before the first event
    section = client.get(f"/coes/{first}").get_data(as_text=True).split('id="similar"')[1].split("</section>")[0]
    assert "Nothing similar before this one." in section
    assert section.count('class="similar-coe"') == 3 and section.index("Later COEs like this one") < section.index(
        'class="similar-coe"')


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
    shared = [word.strip() for word in section.split("In common:")[1].split("</p>")[0].split(",")]
    assert "certificate" in shared and "expired" in shared and "expir" not in shared  # words, not stems
    assert "The fix from last time is still open" in section and "Alarm 30 days before any certificate expires" in section
    with app.app_context():
        item_ids = db.session.scalars(db.select(ActionItem.id)).all()
    for item_id in item_ids:
        client.post(f"/actions/{item_id}/done")
    section = client.get(f"/coes/{second}").get_data(as_text=True).split('id="similar"')[1].split("</section>")[0]
    assert "still open" not in section and "Its 2 action items are closed." in section


def test_similar_coes_leave_out_drafts_and_list_later_ones_apart(client, team_id) -> None:  # type: ignore[no-untyped-def]
    later = ready_coe(client, team_id, title="Mobile checkout failed: certificate expired", **times_on("2026-05-04"))
    earlier = ready_coe(client, team_id, title="Checkout down after TLS certificate expired", **times_on("2026-01-12"))
    draft = create_coe(client, team_id, title="Payment API certificate expired again")
    shown = create_coe(client, team_id, title="Partner calls failed: client certificate expired")
    similar = {s["id"]: s["when"] for s in client.get(f"/api/v1/coes/{shown}").get_json()["coe"]["similar"]}
    assert similar == {earlier: "earlier", later: "later"}
    section = client.get(f"/coes/{shown}").get_data(as_text=True).split('id="similar"')[1].split("</section>")[0]
    assert f"COE {draft}:" not in section
    past, apart = section.split("Later COEs like this one")
    assert f"COE {earlier}:" in past and f"COE {later}:" not in past and f"COE {later}:" in apart
    entries = {coe_id: section.split(f"COE {coe_id}:")[1].split("</span>")[0] for coe_id in (earlier, later)}
    assert "(earlier;" in entries[earlier] and "(later;" in entries[later]
    # A draft finds the others too, but never shows up in theirs.
    assert draft not in [s["id"] for s in client.get(f"/api/v1/coes/{earlier}").get_json()["coe"]["similar"]]


def test_a_past_coe_edited_after_it_was_read_is_read_again(client, team_id) -> None:  # type: ignore[no-untyped-def]
    """The COEs are read once per process; saving one (its count and ids unchanged) has them read again."""
    earlier = ready_coe(client, team_id, title="Checkout down after TLS certificate expired", **times_on("2026-01-12"))
    shown = create_coe(client, team_id, title="Partner calls failed: client certificate expired")

    def shared_with_earlier() -> list[str]:
        similar = client.get(f"/api/v1/coes/{shown}").get_json()["coe"]["similar"]
        return next((s["shared_terms"] for s in similar if s["id"] == earlier), [])

    assert "certificate" in shared_with_earlier()
    disk = coe_body(team_id, title="Disk full on the order hosts", summary="Logs filled the disk.",
                    customer_impact="200 orders failed.", contributing_factors="No log rotation.",
                    whys=[{"question": "Why did orders fail?", "answer": "The disk was full."},
                          {"question": "Why was the disk full?", "answer": "Logs were never rotated."},
                          {"question": "Why were logs never rotated?", "answer": "The hosts were built by hand."}],
                    **times_on("2026-01-12"))
    edited = client.post(f"/coes/{earlier}/edit", data={k: "" if v is None else v for k, v in flatten(disk).items()})
    assert edited.status_code == 302
    assert client.get(f"/api/v1/coes/{earlier}").get_json()["coe"]["status"] == "ready for review"
    assert "certificate" not in shared_with_earlier()
