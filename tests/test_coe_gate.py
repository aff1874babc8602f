"""The quality gate's judgement calls: blameless summaries, and which sections may stay empty."""

from __future__ import annotations

import pytest

from opsreview.accounts.models import Role
from opsreview.coes.blameless import Person, names_in
from tests.coe_helpers import complete_coe
from tests.factories import add_team, add_user


@pytest.fixture
def team_id(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_user(Role.MEMBER, email="jblake@example.com", name="Jordan Blake")
        add_user(Role.MEMBER, email="will.page@example.com", name="Will Page")
        return add_team("Checkout").id


def blameless(client, coe_id: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    gate = client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["quality_gate"]
    return next(c for c in gate if c["check"] == "blameless")


@pytest.mark.parametrize("summary, named", [
    ("JORDAN pushed the bad config.", "Jordan"),
    ("The config Blake pushed was bad.", "Blake"),
    ("jblake pushed the bad config.", "jblake"),
    ("Rolled back by jordan blake.", "Jordan Blake"),
    ("Will Page restarted the host.", "Will Page"),  # everyday words, written as the account spells them
])
def test_a_summary_naming_someone_by_first_last_or_user_name_fails_blameless(client, team_id, summary, named) -> None:  # type: ignore[no-untyped-def]
    check = blameless(client, complete_coe(client, team_id, summary=summary))
    assert not check["passed"] and check["message"].startswith(f"The summary names {named}:")


@pytest.mark.parametrize("summary", [
    "We will page the on-call sooner.",  # "Will" and "Page" are names, and everyday words
    "Jordanian customers and Blakeley's store were fine.",  # a name inside a longer word is not the name
    "The admin console and the member list kept working.",  # role words, and the test users' names
])
def test_everyday_words_that_are_also_names_pass_blameless(client, team_id, summary) -> None:  # type: ignore[no-untyped-def]
    check = blameless(client, complete_coe(client, team_id, summary=summary))
    assert check["passed"], check["message"]


def test_a_full_name_is_reported_once_not_again_as_first_and_last_name() -> None:
    people = [Person("Jordan Blake", "jordan.blake@example.com")]
    assert names_in("Jordan  Blake, then jordan.blake again.", people) == ["Jordan Blake", "jordan.blake"]


def test_related_items_are_optional_and_the_checklist_says_so(client, team_id) -> None:  # type: ignore[no-untyped-def]
    coe_id = complete_coe(client, team_id, related="")
    gate = {c["check"]: c for c in client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["quality_gate"]}
    assert gate["sections"]["passed"] and "related items are optional" in gate["sections"]["message"]
    assert "related items are optional" in client.get(f"/coes/{coe_id}").get_data(as_text=True)


def test_a_missing_section_is_named_and_related_items_still_said_to_be_optional(client, team_id) -> None:  # type: ignore[no-untyped-def]
    coe_id = complete_coe(client, team_id, related="", lessons_learned="")
    gate = {c["check"]: c for c in client.get(f"/api/v1/coes/{coe_id}").get_json()["coe"]["quality_gate"]}
    assert gate["sections"]["message"] == "Fill in: lessons learned. (Related items are optional.)"
