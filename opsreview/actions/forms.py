"""Action item forms. The rules live here; the pages, the quick capture and the API all use them."""

from __future__ import annotations

from datetime import date, timedelta

from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from opsreview.accounts.models import Role, User
from opsreview.accounts.services import find_user
from opsreview.actions.models import Source, Term
from opsreview.clock import today
from opsreview.form_base import Form


MAX_YEARS_AHEAD = 10


def check_due_date(day: date | None) -> None:
    """Not in the past, and not absurdly far ahead (a typo like 9999 is not a plan)."""
    if day is None:
        return
    if day < today():
        raise ValidationError("The due date cannot be in the past.")
    if day > today() + timedelta(days=365 * MAX_YEARS_AHEAD):
        raise ValidationError(f"Pick a date within {MAX_YEARS_AHEAD} years.")


class OwnerAndDate(Form):
    """The three fields without which an item is not an action item."""

    title = StringField("What", validators=[DataRequired(message="Say what will be done."), Length(max=200)])
    owner = StringField(
        "Owner",
        validators=[DataRequired(message="An action item needs an owner.")],
        description="The owner's email address.",
    )
    due_on = DateField("Due", validators=[InputRequired(message="An action item needs a due date.")])

    def __init__(self, *args, item=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.item = item
        self.owner_user: User | None = None

    def validate_owner(self, field: StringField) -> None:
        self.owner_user = find_user(field.data or "")
        if self.owner_user is None or not self.owner_user.active:
            raise ValidationError(f"Nobody with the email “{field.data}” can own items; check the address.")
        if not self.owner_user.has_role(Role.MEMBER):
            raise ValidationError(f"{self.owner_user.name} is a viewer; owners need at least the member role.")

    def validate_due_on(self, field: DateField) -> None:
        changed = self.item is None or field.data != self.item.due_on
        check_due_date(field.data if changed else None)


class QuickCaptureForm(OwnerAndDate):
    """Title, owner and date: captured in the room without leaving the page."""


class ActionItemForm(OwnerAndDate):
    description = TextAreaField("Details", validators=[Optional(), Length(max=10_000)])
    team_id = SelectField("Team", coerce=lambda v: int(v) if v else None, validators=[Optional()])
    term = SelectField(
        "Term",
        choices=[
            SelectChoice(Term.SHORT.value, "Short: done before the event is resolved"),
            SelectChoice(Term.MEDIUM.value, "Medium: tracked weekly"),
            SelectChoice(Term.LONG.value, "Long: funded, reported monthly or quarterly"),
        ],
        default=Term.MEDIUM.value,
    )
    source = SelectField(
        "Came from", choices=[SelectChoice(s.value, s.value.capitalize()) for s in Source], default=Source.NONE.value
    )
    source_ref = StringField(
        "Which one", validators=[Optional(), Length(max=300)], description="The COE, agenda item or dashboard."
    )
    reschedule_reason = StringField(
        "Why the date moves", validators=[Length(max=500)], description="Needed only when the due date changes."
    )

    def __init__(self, *args, teams=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.team_id.choices = [SelectChoice("", "No team")] + [SelectChoice(str(t.id), t.name) for t in teams]

    def validate_reschedule_reason(self, field: StringField) -> None:
        moved = self.item is not None and self.due_on.data is not None and self.due_on.data != self.item.due_on
        if moved and not (field.data or "").strip():
            raise ValidationError("Moving a due date needs a reason.")


class RescheduleForm(Form):
    due_on = DateField("New due date", validators=[InputRequired(message="Give the new due date.")])
    reason = StringField(
        "Why it moves", validators=[DataRequired(message="Moving a due date needs a reason."), Length(max=500)]
    )

    def validate_due_on(self, field: DateField) -> None:
        check_due_date(field.data)


class WontDoForm(Form):
    reason = StringField(
        "Why not", validators=[DataRequired(message="Say why this will not be done."), Length(max=500)]
    )
