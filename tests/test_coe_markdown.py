"""COE text: Markdown in, and only what the allow-list lets out, whatever the parser produced."""

from __future__ import annotations

import pytest

from opsreview.coes.markdown import clean
from tests.coe_helpers import create_coe


def test_markdown_images_from_other_sites_are_removed_by_the_sanitiser(client) -> None:  # type: ignore[no-untyped-def]
    # markdown-it turns this into <img src=...> (a tracking pixel on every view); only nh3 removes it.
    coe_id = create_coe(client, summary="Before ![pixel](https://evil.example/p.png) after")
    page = client.get(f"/coes/{coe_id}").get_data(as_text=True)
    assert "Before  after" in page and "evil.example" not in page


def test_links_in_coe_text_get_rel_noopener_from_the_sanitiser(client) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client, summary="See [the runbook](https://wiki.example.com/runbook).")
    page = client.get(f"/coes/{coe_id}").get_data(as_text=True)
    assert '<a href="https://wiki.example.com/runbook" rel="noopener noreferrer nofollow">the runbook</a>' in page


@pytest.mark.parametrize("hostile, kept", [
    ('<p onclick="alert(1)">text</p>', "<p>text</p>"),
    ("<script>alert(1)</script><p>text</p>", "<p>text</p>"),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<img src="x" onerror="alert(1)">', ""),
    ('<table><tr><td style="background: url(x); text-align: right">1</td></tr></table>',
     '<table><tbody><tr><td style="text-align:right">1</td></tr></tbody></table>'),
])
def test_the_sanitiser_strips_hostile_html_a_parser_bug_could_let_out(hostile, kept) -> None:  # type: ignore[no-untyped-def]
    assert clean(hostile) == kept
