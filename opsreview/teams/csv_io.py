"""Teams to and from CSV. Each row goes through the same form as the page."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from opsreview.extensions import db
from opsreview.teams.forms import TeamForm
from opsreview.teams.links import LinkLine, format_links
from opsreview.teams.models import Team
from opsreview.teams.services import get_team, save_team

COLUMNS = ("name", "slug", "org", "description", "contact", "links", "away_until", "away_reason")


@dataclass
class RowResult:
    line: int
    name: str
    action: str  # created, updated, error
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    file_error: str = ""

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def export_teams(teams: list[Team]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for t in teams:
        links = format_links([LinkLine(link.label, link.url) for link in t.links], separator="; ")
        writer.writerow(
            [
                t.name,
                t.slug,
                t.org,
                t.description,
                t.contact,
                links,
                t.away_until.isoformat() if t.away_until else "",
                t.away_reason,
            ]
        )
    return out.getvalue()


def import_teams(raw: bytes) -> ImportReport:
    """Create or update (by short name) a team per row; report every row."""
    report = ImportReport()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.file_error = "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."
        return report
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "name" not in header:
        report.file_error = f"The first line must name the columns; “name” is required. Known columns: {', '.join(COLUMNS)}."
        return report
    reader.fieldnames = header
    for line, row in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in row.items() if k in COLUMNS}
        values["links"] = values.get("links", "").replace(";", "\n")  # one cell holds several links
        if not any(values.values()):
            continue
        existing = get_team(values.get("slug", "")) if values.get("slug") else None
        form = TeamForm(formdata=MultiDict(values), team=existing, meta={"csrf": False})
        name = values.get("name", "")
        if not form.validate():
            messages = [f"{form[f].label.text}: {m}" for f, ms in form.errors.items() for m in ms]
            report.rows.append(RowResult(line, name, "error", messages))
            db.session.rollback()
            continue
        save_team(form, existing)
        report.rows.append(RowResult(line, name, "updated" if existing else "created"))
    return report
