"""Sign-in, API token and user forms."""

from __future__ import annotations

from opsreview.form_base import Form
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from opsreview.accounts.models import Role, TokenScope
from opsreview.accounts.services import find_user


class SignInForm(Form):
    email = EmailField("Email", validators=[DataRequired(message="Your email address."), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(message="Your password.")])


class TokenForm(Form):
    name = StringField(
        "Name", validators=[DataRequired(message="Name the token after what uses it."), Length(max=120)]
    )
    scope = SelectField(
        "Access",
        choices=[
            SelectChoice(TokenScope.READ.value, "Read only"),
            SelectChoice(TokenScope.READ_WRITE.value, "Read and write (acts with your role)"),
        ],
        default=TokenScope.READ.value,
    )


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(r.value, r.value.capitalize()) for r in Role]


class UserForm(Form):
    email = EmailField(
        "Email",
        validators=[DataRequired(message="An email address is required."), Email(message="Not an email address."), Length(max=254)],
    )
    name = StringField("Name", validators=[DataRequired(message="A name is required."), Length(max=120)])
    role = SelectField("Role", choices=role_choices(), default=Role.VIEWER.value)
    team_id = SelectField("Team", coerce=lambda v: int(v) if v else None, validators=[Optional()])
    password = PasswordField(
        "Password",
        validators=[Optional(), Length(min=12, message="At least 12 characters.")],
        description="Leave empty for someone who signs in through single sign-on.",
    )
    active = BooleanField("Can sign in", default=True)

    def __init__(self, *args, user=None, teams=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user
        self.team_id.choices = [SelectChoice("", "No team")] + [SelectChoice(str(t.id), t.name) for t in teams]

    def validate_email(self, field: EmailField) -> None:
        existing = find_user(field.data or "")
        if existing is not None and (self.user is None or existing.id != self.user.id):
            raise ValidationError("Someone already has this email address.")
