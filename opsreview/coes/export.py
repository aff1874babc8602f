"""A COE out of the app: Markdown to download, a print-ready page, and projector mode."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from opsreview.coes import learning, services
from opsreview.coes.markdown import render
from opsreview.coes.models import Coe
from opsreview.template_helpers import moment

bp = Blueprint("coe_export", __name__, url_prefix="/coes")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def as_markdown(coe: Coe) -> str:
    """The whole COE as one Markdown document, sections in the order the meeting reads them."""
    team = coe.team.name if coe.team else "no team"
    lines = [
        f"# COE {coe.id}: {_one_line(coe.title)}", "",
        f"- Severity: {coe.severity.value.upper()}", f"- Team: {team}", f"- Service: {coe.service or '-'}",
        f"- Status: {coe.status.value}",
        f"- Event started: {moment(coe.event_start_at) or '-'}", f"- Detected: {moment(coe.detected_at) or '-'}",
        f"- Mitigated: {moment(coe.mitigated_at) or '-'}", f"- Resolved: {moment(coe.resolved_at) or '-'}", "",
        "## Summary", "", coe.summary, "", "## Customer impact", "", coe.customer_impact, "",
        "## Metrics and graphs", "",
    ]
    if coe.metrics:
        lines += [f"Dashboard snapshot {coe.metrics.get('start')} to {coe.metrics.get('end')}:", ""]
        lines += [f"- {k}: {v}" for k, v in (coe.metrics.get("summary") or {}).items() if not isinstance(v, dict)]
    lines += [f"- Graph: {_one_line(image.caption) or 'image'} ({image.content_type})" for image in coe.images]
    lines += ["", "## Timeline", "", "| When (UTC) | What happened |", "|---|---|"]
    lines += [f"| {row.at:%Y-%m-%d %H:%M} | {_cell(row.text)} |" for row in coe.timeline]
    lines += ["", "## Five whys", ""]
    for n, why in enumerate(coe.whys, start=1):
        lines += [f"{n}. **{_one_line(why.question)}**  ", f"   {_one_line(why.answer)}"]
    lines += ["", "## Contributing factors", "", coe.contributing_factors, "", "## Lessons learned", "",
              coe.lessons_learned, "", "## Action items", ""]
    lines += [f"- [{'x' if item.status.is_closed else ' '}] {_one_line(item.title)} ({item.term.value} term; "
              f"{item.owner.name}; due {item.due_on:%Y-%m-%d}; {item.status.value})" for item in coe.action_items]
    lines += ["", "## Related items", "", coe.related, ""]
    return "\n".join(lines)


@bp.get("/<int:coe_id>/export.md")
def markdown(coe_id: int) -> Response:
    """Download the COE as Markdown."""
    coe = services.get_or_404(coe_id)
    return Response(as_markdown(coe), mimetype="text/markdown",
                    headers={"Content-Disposition": f"attachment; filename=coe-{coe.id}.md"})


@bp.get("/<int:coe_id>/print")
def printable(coe_id: int) -> str:
    """The COE on one page laid out for paper."""
    coe = services.get_or_404(coe_id)
    return render_template("coes/print.html", coe=coe, md=render, referenced=learning.referenced(coe))


@bp.get("/<int:coe_id>/present")
def present(coe_id: int) -> str:
    """Projector mode: one section at a time, arrow keys to move."""
    coe = services.get_or_404(coe_id)
    return render_template("coes/present.html", coe=coe, md=render, referenced=learning.referenced(coe))
