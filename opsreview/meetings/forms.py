"""The meeting form."""

from __future__ import annotations

from opsreview.form_base import Form
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from opsreview.extensions import db
from opsreview.meetings.models import DEFAULT_WHEEL_SLOTS, Meeting, MeetingStatus


class MeetingForm(Form):
    # InputRequired, not DataRequired: a typed but unreadable date must say so.
    held_on = DateField("Date", validators=[InputRequired(message="Give the meeting's date.")])
    title = StringField("Title", default="Weekly operations review", validators=[Length(max=200)])
    status = SelectField(
        "Status",
        choices=[SelectChoice(s.value, s.value.capitalize()) for s in MeetingStatus],
        default=MeetingStatus.PLANNED.value,
        description="A cancelled meeting does not count as a week waited.",
    )
    wheel_slots = IntegerField(
        "Wheel slots",
        default=DEFAULT_WHEEL_SLOTS,
        validators=[
            InputRequired(message="How many teams present?"),
            NumberRange(min=1, max=20, message="Between 1 and 20 teams."),
        ],
    )

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def validate_held_on(self, field: DateField) -> None:
        query = db.select(Meeting.id).where(Meeting.held_on == field.data)
        if self.meeting is not None:
            query = query.where(Meeting.id != self.meeting.id)
        if db.session.execute(query).first() is not None:
            raise ValidationError(f"There is already a meeting on {field.data:%d %b %Y}.")

    def validate_status(self, field: SelectField) -> None:
        """Live and closed are reached by running the meeting, not by editing it."""
        was = self.meeting.status.value if self.meeting is not None else None
        if field.data == MeetingStatus.CLOSED.value and was != field.data:
            raise ValidationError("Close the meeting from its agenda: that writes the minutes and moves what was "
                                  "not taken up to the following meeting.")
        if field.data == MeetingStatus.LIVE.value and was != field.data:
            raise ValidationError("A meeting goes live when the host starts it on the agenda or the projector.")

    def validate_wheel_slots(self, field: IntegerField) -> None:
        if self.meeting is None:
            return
        from opsreview.meetings.services import picks_made

        made = picks_made(self.meeting)
        if field.data is not None and field.data < made:
            raise ValidationError(f"{made} teams are already picked; slots cannot go below that.")
