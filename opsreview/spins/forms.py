"""Forms for spinning and re-spinning."""

from __future__ import annotations

from opsreview.form_base import Form
from wtforms import HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from opsreview.spins.models import SpinOutcome


MAX_SLOT = 100  # far above any meeting's wheel slots, far below a database integer


class SpinForm(Form):
    """The spin button; ``slot`` is the slot the host saw, so a double click spins once."""

    slot = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_SLOT)])
    odds = HiddenField()  # the fingerprint of the wheel the page drew


class RespinForm(Form):
    """Why a picked slot is spun again; the page and the API both check it here."""

    spin_id = HiddenField()
    outcome = SelectField(
        "What happened",
        choices=[
            SelectChoice(SpinOutcome.SKIPPED.value, "Team absent: skip it"),
            SelectChoice(SpinOutcome.RESPUN.value, "Re-spin for another reason"),
        ],
        default=SpinOutcome.SKIPPED.value,
        validate_choice=True,
    )
    reason = TextAreaField(
        "Why",
        validators=[
            DataRequired(message="Say why: a re-spin or a skip needs a reason, and it is recorded."),
            Length(max=500),
        ],
    )
