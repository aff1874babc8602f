"""Similar past COEs among thousands: the right ones found, and every COE read once per change, not per
request."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

import pytest

from opsreview.coes import learning, similarity
from opsreview.coes.models import Coe, CoeStatus, Why
from opsreview.coes.similarity_index import document
from opsreview.extensions import db
from tests.coe_helpers import create_coe, ready_coe, times_on
from tests.factories import add_team

HISTORY = 2000
# Everyday failures, each written with the service, region and numbers of its own COE.
TEMPLATES = [
    ("Disk full on the {service} hosts", "Logs filled the root volume of the {service} hosts in {region}.",
     "{n} requests failed while writes were refused.", "No log rotation on {service}.",
     [("Why did writes fail?", "The volume was full."), ("Why full?", "Logs were never rotated.")]),
    ("Bad deploy of {service} rolled back", "A configuration change shipped with the {service} deploy in {region}.",
     "{n} customers saw errors until the rollback.", "The canary skipped {service}.",
     [("Why did requests break?", "A flag was wrong."), ("Why not caught?", "The canary was skipped.")]),
    ("Database connections exhausted for {service}", "The {service} pool in {region} ran out of connections.",
     "{n} checkouts timed out.", "Pool size never tuned for {service}.",
     [("Why did calls time out?", "No free connection."), ("Why none?", "A slow query held them.")]),
    ("Throttled by a dependency, {service} slowed down", "A dependency throttled {service} calls in {region}.",
     "{n} pages loaded slowly.", "No backoff in the {service} client.",
     [("Why slow?", "Calls were retried at once."), ("Why at once?", "The client had no backoff.")]),
]
KAFKA = ("Kafka consumer rebalance stalled {service} events",
         "Every kafka consumer in the {service} group kept rebalancing, so partition offsets stopped moving.",
         "Consumer lag reached {n} events.", "Session timeouts too short for kafka consumer rebalance.",
         [("Why did lag grow?", "The consumer group was rebalancing."),
          ("Why rebalance?", "Kafka session timeouts were shorter than a poll.")])
QUERY_START = datetime(2024, 6, 3, 9)


def coe_row(template: tuple[str, str, str, str, list[tuple[str, str]]], i: int, start: datetime) -> dict[str, Any]:
    title, summary, impact, factors, whys = template
    words = {"service": f"svc{i % 97}", "region": f"region{i % 7}", "n": 100 + i}
    return {"title": title.format(**words), "summary": summary.format(**words),
            "customer_impact": impact.format(**words), "contributing_factors": factors.format(**words),
            "service": words["service"], "event_start_at": start, "status": CoeStatus.REVIEWED, "whys": whys}


def insert(app, rows: list[dict[str, Any]]) -> list[int]:  # type: ignore[no-untyped-def]
    """Many past COEs in two statements, as a migration from an older tool would bring them."""
    with app.app_context():
        ids = db.session.scalars(db.insert(Coe).returning(Coe.id, sort_by_parameter_order=True),
                                 [{k: v for k, v in row.items() if k != "whys"} for row in rows]).all()
        db.session.execute(db.insert(Why), [{"coe_id": coe_id, "position": p, "question": q, "answer": a}
                                            for coe_id, row in zip(ids, rows) for p, (q, a) in enumerate(row["whys"])])
        db.session.commit()
    return list(ids)


@pytest.fixture
def history(app) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Two thousand everyday COEs over three years; among them three Kafka stalls before the one asked
    about and three after."""
    everyday = [coe_row(TEMPLATES[i % len(TEMPLATES)], i, datetime(2023, 1, 1, 9) + timedelta(hours=13 * i))
                for i in range(HISTORY)]
    ids = insert(app, everyday + [coe_row(KAFKA, i, QUERY_START + timedelta(weeks=w))
                                  for i, w in enumerate((-30, -20, -10, 0, 10, 20, 30))])
    return {"earlier": set(ids[-7:-4]), "query": ids[-4], "later": set(ids[-3:]), "count": len(ids), "oldest": ids[0]}


@pytest.fixture
def tokenised(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text the similarity tokenizer reads, from here on."""
    texts: list[str] = []
    tokenizer = similarity.words

    def counting(text: str) -> list[str]:
        texts.append(text)
        return tokenizer(text)

    monkeypatch.setattr(similarity, "words", counting)
    return texts


def similar_of(client, coe_id: int) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["similar"]


def test_among_two_thousand_coes_the_similar_ones_are_its_kind(client, history) -> None:  # type: ignore[no-untyped-def]
    similar = similar_of(client, history["query"])
    assert {s["id"] for s in similar if s["when"] == "earlier"} == history["earlier"]
    assert {s["id"] for s in similar if s["when"] == "later"} == history["later"]
    for when in ("earlier", "later"):
        scores = [s["score"] for s in similar if s["when"] == when]
        assert scores == sorted(scores, reverse=True) and min(scores) > 0.5
    assert all({"kafka", "consumer", "rebalance"} <= set(s["shared_terms"]) for s in similar)
    section = client.get(f"/coes/{history['query']}").get_data(as_text=True).split('id="similar"')[1]
    assert section.split("</section>")[0].count('class="similar-coe"') == 6


def test_a_second_request_reads_no_coe_again(client, history, tokenised) -> None:  # type: ignore[no-untyped-def]
    first = client.get(f"/coes/{history['query']}")
    assert first.status_code == 200 and len(tokenised) == history["count"]  # each past COE read once
    read = len(tokenised)
    similar = similar_of(client, history["query"])
    assert len(tokenised) == read and {s["id"] for s in similar} == history["earlier"] | history["later"]


def test_a_draft_is_the_only_coe_read_on_its_page(client, history, tokenised) -> None:  # type: ignore[no-untyped-def]
    draft = create_coe(client, title="Kafka consumer rebalance stalled the order events")
    similar_of(client, history["query"])
    read = len(tokenised)
    for _ in range(2):
        assert {s["id"] for s in similar_of(client, draft)} & history["earlier"]
    assert len(tokenised) == read + 2 and all("Kafka consumer rebalance" in text for text in tokenised[read:])


def test_a_new_past_coe_is_read_at_once(app, client, history, tokenised) -> None:  # type: ignore[no-untyped-def]
    similar_of(client, history["query"])
    with app.app_context():
        team_id = add_team("Streaming").id
    like_it = coe_row(KAFKA, 3, QUERY_START)  # the same words as the COE asked about, a day before it
    newest = ready_coe(client, team_id, **times_on("2024-06-02"), service="svc3", **{
        name: like_it[name] for name in ("title", "summary", "customer_impact", "contributing_factors")},
        whys=[{"question": q, "answer": a} for q, a in like_it["whys"]] + [
            {"question": "Why so short?", "answer": "The default was never changed."}])  # the gate asks for three
    earlier = [s["id"] for s in similar_of(client, history["query"]) if s["when"] == "earlier"]
    assert earlier[0] == newest
    with app.app_context():
        oldest = document(db.session.get(Coe, history["oldest"]))
    assert tokenised.count(oldest) == 2  # read once, and once more after the change


def test_requests_at_once_read_the_coes_once_and_agree(app, history, tokenised) -> None:  # type: ignore[no-untyped-def]
    start, found = threading.Barrier(4), []

    def view() -> None:
        with app.app_context():
            coe = db.session.get(Coe, history["query"])
            start.wait()
            found.append([(s.coe.id, s.score, s.shared) for s in learning.similar(coe)])

    workers = [threading.Thread(target=view) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(found) == 4 and all(f == found[0] for f in found) and len(tokenised) == history["count"]
