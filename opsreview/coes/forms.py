"""COE forms: the long editor (with timeline rows and whys as indexed lists), images, review."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import DateTimeLocalField, FieldList, FormField, SelectField, StringField, TextAreaField
from wtforms import Form as RowForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from opsreview.coes.models import Severity
from opsreview.form_base import Form, strip_nul

WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
LONG_TEXT = 20_000
MAX_ROWS = 200
SEVERITY_CHOICES = [
    SelectChoice(Severity.SEV1.value, "SEV1: many customers cannot use the service"),
    SelectChoice(Severity.SEV2.value, "SEV2: a major feature down or badly degraded"),
    SelectChoice(Severity.SEV3.value, "SEV3: a minor feature, or a few customers"),
    SelectChoice(Severity.SEV4.value, "SEV4: no customer impact (a near miss)"),
]


def when(label: str) -> DateTimeLocalField:
    return DateTimeLocalField(label, format=WHEN_FORMATS, validators=[Optional()], description="UTC")


def markdown(label: str, hint: str = "") -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=LONG_TEXT)], description=hint or "Markdown.",
                         filters=[strip_nul])


class TimelineRow(RowForm):
    at = DateTimeLocalField("When (UTC)", format=WHEN_FORMATS, validators=[Optional()])
    text = StringField("What happened", validators=[Length(max=2000)], filters=[strip_nul])

    def validate_text(self, field: StringField) -> None:
        if self.at.data and not (field.data or "").strip():
            raise ValidationError("Say what happened at this time.")
        if (field.data or "").strip() and self.at.data is None and not self.at.errors:
            raise ValidationError("Give this row its time.")

    @property
    def blank(self) -> bool:
        return self.at.data is None and not (self.text.data or "").strip()


class WhyRow(RowForm):
    question = StringField("Why?", validators=[Length(max=2000)], filters=[strip_nul])
    answer = StringField("Because", validators=[Length(max=2000)], filters=[strip_nul])

    def validate_question(self, field: StringField) -> None:
        if (self.answer.data or "").strip() and not (field.data or "").strip():
            raise ValidationError("An answer needs its question.")

    @property
    def blank(self) -> bool:
        return not (self.question.data or "").strip() and not (self.answer.data or "").strip()


class CoeForm(Form):
    title = StringField("Title", validators=[DataRequired(message="Give the COE a title."), Length(max=200)])
    severity = SelectField("Severity", choices=SEVERITY_CHOICES, default=Severity.SEV3.value)
    team_id = SelectField("Team", coerce=lambda v: int(v) if v else None, validators=[Optional()])
    service = StringField("Service", validators=[Optional(), Length(max=120)])
    event_start_at = when("Event started")
    detected_at = when("Detected")
    mitigated_at = when("Mitigated")
    resolved_at = when("Resolved")
    summary = markdown("Summary", "About three paragraphs anyone can follow. No names, no jargon. Markdown.")
    customer_impact = markdown("Customer impact", "With numbers: how many customers, how long, what they could not do.")
    timeline = FieldList(FormField(TimelineRow), min_entries=0, max_entries=MAX_ROWS)
    whys = FieldList(FormField(WhyRow), min_entries=0, max_entries=MAX_ROWS)
    contributing_factors = markdown("Contributing factors", "Don't stop at operators. Markdown.")
    lessons_learned = markdown("Lessons learned")
    related = markdown("Related items", "Tickets, earlier COEs (e.g. “COE 12”), links. Markdown.")

    def __init__(self, *args, teams=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.team_id.choices = [SelectChoice("", "Choose a team")] + [
            SelectChoice(str(t.id), t.name + (" (archived)" if t.is_archived else "")) for t in teams]

    def timeline_rows(self) -> list[TimelineRow]:
        return [entry.form for entry in self.timeline if not entry.form.blank]

    def why_rows(self) -> list[WhyRow]:
        return [entry.form for entry in self.whys if not entry.form.blank]


class ImageForm(Form):
    image = FileField("Graph (PNG, JPEG, GIF or WebP)", validators=[FileRequired(message="Choose an image file.")])
    caption = StringField("Caption", validators=[Optional(), Length(max=200)])


class ReviewForm(Form):
    meeting_id = SelectField("Reviewed at", coerce=lambda v: int(v) if v else None,
                             validators=[DataRequired(message="Choose the meeting.")])

    def __init__(self, *args, meetings=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.meeting_id.choices = [SelectChoice(str(m.id), f"{m.held_on:%d %b %Y}: {m.title}") for m in meetings]
