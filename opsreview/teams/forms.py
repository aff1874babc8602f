"""The team form: every rule about a team's fields lives here (the page, CSV import and API use it)."""

from __future__ import annotations

import re

from opsreview.form_base import Form
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from opsreview.extensions import db
from opsreview.teams.links import parse_links
from opsreview.teams.models import Team

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = {"new", "import", "export-csv"}  # the team pages' own addresses


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:120]


class TeamForm(Form):
    name = StringField("Name", validators=[DataRequired(message="A team needs a name."), Length(max=120)])
    slug = StringField(
        "Short name in URLs",
        # No Optional(): it would stop the chain before validate_slug fills in a default.
        validators=[Length(max=120)],
        description="Lower-case letters, digits and dashes. Left empty, it is made from the name.",
    )
    org = StringField("Organisation", validators=[Optional(), Length(max=120)])
    description = TextAreaField("What the team runs", validators=[Optional(), Length(max=4000)])
    contact = StringField(
        "Contact", validators=[Optional(), Length(max=200)], description="An email address or a chat handle."
    )
    links = TextAreaField(
        "Links",
        validators=[Optional(), Length(max=4000)],
        description="One per line: a label, then an http(s) URL. For example: Runbook https://wiki.example.com/runbook",
    )
    away_until = DateField("Away until", validators=[Optional()], description="The wheel skips the team until then.")
    away_reason = StringField("Why away", validators=[Optional(), Length(max=200)])

    def __init__(self, *args, team: Team | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.team = team

    def validate_name(self, field: StringField) -> None:
        field.data = (field.data or "").strip()
        if self._taken(Team.name, field.data):
            raise ValidationError(f"A team called “{field.data}” already exists.")

    def validate_slug(self, field: StringField) -> None:
        field.data = (field.data or "").strip().lower() or slugify(self.name.data or "")
        if not field.data or not SLUG.match(field.data):
            raise ValidationError("Use lower-case letters, digits and single dashes, for example “payments-api”.")
        if field.data in RESERVED_SLUGS:
            raise ValidationError(f"“{field.data}” is reserved; choose another short name.")
        if self._taken(Team.slug, field.data):
            raise ValidationError(f"The short name “{field.data}” is taken by another team.")

    def validate_links(self, field: TextAreaField) -> None:
        _, errors = parse_links(field.data or "")
        if errors:
            raise ValidationError(" ".join(errors))

    def validate_away_reason(self, field: StringField) -> None:
        if field.data and not self.away_until.data:
            raise ValidationError("Give the date the team is away until, or clear the reason.")

    def _taken(self, column, value: str) -> bool:  # type: ignore[no-untyped-def]
        # Lower both sides in the database: SQLite lowers only ASCII, Python lowers everything.
        query = db.select(Team.id).where(db.func.lower(column) == db.func.lower(value))
        if self.team is not None and self.team.id is not None:
            query = query.where(Team.id != self.team.id)
        return db.session.execute(query).first() is not None


class ImportForm(Form):
    """The CSV upload; the rows themselves are checked one by one with ``TeamForm``."""

    file = FileField("CSV file", validators=[FileRequired(message="Choose a CSV file to import.")])
