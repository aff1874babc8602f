"""Agenda forms: submitting an item, the meeting template, a follow-up report."""

from __future__ import annotations

from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, URL, ValidationError

from opsreview.actions.forms import check_due_date
from opsreview.agenda.models import SUBMITTABLE, Kind, Outcome, Section
from opsreview.form_base import Form

KIND_LABELS = {
    Kind.WIN: "A win",
    Kind.COE: "A COE to review",
    Kind.ORG_ITEM: "An org-wide item",
    Kind.ANNOUNCEMENT: "An announcement",
}


class SubmitItemForm(Form):
    kind = SelectField("What", choices=[SelectChoice(k.value, KIND_LABELS[k]) for k in SUBMITTABLE],
                       default=Kind.WIN.value)
    title = StringField("Title", validators=[DataRequired(message="Give it a title."), Length(max=200)])
    body = TextAreaField("Details", validators=[Optional(), Length(max=4000)])
    link = StringField(
        "Link",
        validators=[Optional(), Length(max=500), URL(require_tld=False, message="A link starts with http:// or https://.")],
        description="The COE document, the change, the write-up.",
    )
    presenter = StringField("Presenter", validators=[Optional(), Length(max=120)], description="Who speaks to it.")

    def validate_link(self, field: StringField) -> None:
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError("A link starts with http:// or https://.")


def _minutes(label: str, low: int, high: int) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(message="Give a number of minutes."),
                                           NumberRange(min=low, max=high, message=f"Between {low} and {high}.")])


class TemplateForm(Form):
    """The template's numbers, and for each section its place in the order and its timebox."""

    length_minutes = _minutes("Meeting length (minutes)", 15, 480)
    wheel_slots = IntegerField(
        "Wheel slots", validators=[InputRequired(), NumberRange(min=1, max=20, message="Between 1 and 20 teams.")]
    )
    minutes_per_team = _minutes("Minutes per presenting team", 1, 60)

    def validate_length_minutes(self, field: IntegerField) -> None:
        orders = [getattr(self, f"order_{s.name.lower()}").data for s in Section]
        if None not in orders and len(set(orders)) != len(orders):
            raise ValidationError("Give each section its own place in the order.")


for _section in Section:
    setattr(TemplateForm, f"order_{_section.name.lower()}",
            IntegerField(f"{_section.label}: place", validators=[InputRequired(), NumberRange(min=1, max=len(Section))]))
    setattr(TemplateForm, f"minutes_{_section.name.lower()}", _minutes(f"{_section.label}: minutes", 0, 240))


class TimeboxForm(Form):
    minutes = IntegerField("Minutes", validators=[InputRequired(message="Give a number of minutes."),
                                                  NumberRange(min=1, max=240, message="Between 1 and 240 minutes.")])


class FollowUpForm(Form):
    outcome = SelectField("Reported", choices=[SelectChoice(o.value, o.value.capitalize()) for o in Outcome])
    due_on = DateField("New due date", validators=[Optional()])
    note = StringField("Reason or note", validators=[Length(max=500)])

    def validate(self, extra_validators=None) -> bool:  # type: ignore[no-untyped-def]
        valid = super().validate(extra_validators)
        # Optional() stops the field's own checks when it is empty; a new date must not be.
        if self.outcome.data == Outcome.NEW_DATE.value and self.due_on.data is None and not self.due_on.errors:
            self.due_on.errors = ["Give the new due date."]
            return False
        return valid

    def validate_due_on(self, field: DateField) -> None:
        if self.outcome.data == Outcome.NEW_DATE.value:
            check_due_date(field.data)

    def validate_note(self, field: StringField) -> None:
        needs = {Outcome.NEW_DATE.value: "A new date needs a reason.", Outcome.ESCALATED.value: "Say why it is escalated."}
        if self.outcome.data in needs and not (field.data or "").strip():
            raise ValidationError(needs[self.outcome.data])
