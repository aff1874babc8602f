"""Dashboard forms: where the numbers come from, and the widgets anybody may add."""

from __future__ import annotations

import re

from wtforms import DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from opsreview.dashboards.models import WidgetKind
from opsreview.form_base import Form
from opsreview.teams.links import is_web_url

ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
STATISTICS = ("Sum", "Average", "Maximum", "Minimum", "SampleCount", "p50", "p90", "p99", "p99.9")
MAX_APIS = 20
# GetMetricData refuses a whole call, every widget's query with it, over one bad dimension.
MAX_DIMENSIONS, MAX_DIMENSION_NAME, MAX_DIMENSION_VALUE = 30, 255, 1024


def _name(label: str, required: bool = True) -> StringField:
    """A CloudWatch name: no quotes, which the SEARCH expression could not carry."""
    checks = [DataRequired(message=f"{label} is needed.")] if required else [Optional()]
    return StringField(label, validators=[*checks, Length(max=255), _no_quotes])


def _no_quotes(form: Form, field: StringField) -> None:
    if field.data and ("'" in field.data or '"' in field.data):
        raise ValidationError("Quotes cannot be used in CloudWatch names here.")


class SettingsForm(Form):
    """The team's standard set: one service, its APIs, its instances, and the four metrics."""

    source = SelectField(
        "Numbers from",
        choices=[SelectChoice("sample", "Sample data (no AWS account needed)"), SelectChoice("cloudwatch", "CloudWatch")],
    )
    region = StringField("AWS region", validators=[Optional(), Length(max=40)], description="Empty: the app's AWS_REGION.")
    role_arn = StringField(
        "Role to assume", validators=[Optional(), Length(max=300)],
        description="For a team in its own AWS account, e.g. arn:aws:iam::123456789012:role/opsreview-read.",
    )
    namespace = _name("Namespace")
    service_dimension = _name("Service dimension")
    service_name = _name("Service")
    api_dimension = _name("API dimension")
    apis = TextAreaField("APIs", description="One API name per line; each gets p50, p90 and p99 latency.")
    instance_dimension = _name("Instance dimension")
    latency_metric = _name("Latency metric")
    requests_metric = _name("Requests metric")
    errors_metric = _name("Errors metric")
    faults_metric = _name("Faults metric")
    alarm_prefix = _name("Alarm name prefix", required=False)
    period = SelectField("Granularity", choices=[SelectChoice("300", "5 minutes"), SelectChoice("60", "1 minute")])
    top_n = IntegerField("Top N instances", validators=[InputRequired(), NumberRange(min=1, max=50)], default=10)
    worse_threshold = DecimalField(
        "Highlight a change for the worse beyond (%)", places=1,
        validators=[InputRequired(), NumberRange(min=1, max=1000)], default=10,
    )

    def validate_region(self, field: StringField) -> None:
        if field.data and not REGION.match(field.data):
            raise ValidationError("Write a region like eu-west-1.")

    def validate_role_arn(self, field: StringField) -> None:
        if field.data and not ROLE_ARN.match(field.data):
            raise ValidationError("Write a role ARN like arn:aws:iam::123456789012:role/opsreview-read.")

    def validate_apis(self, field: TextAreaField) -> None:
        names = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
        if len(names) > MAX_APIS:
            raise ValidationError(f"At most {MAX_APIS} APIs; show the rest as widgets.")
        for name in names:
            if len(name) > 255 or "'" in name or '"' in name:
                raise ValidationError(f"“{name[:40]}” cannot be an API name (at most 255 characters, no quotes).")


class WidgetForm(Form):
    """A metric (any namespace, metric, dimensions, statistic), a note, or a link."""

    kind = SelectField("Kind", choices=[SelectChoice(k.value, k.value.capitalize()) for k in WidgetKind])
    title = StringField("Title", validators=[DataRequired(message="Give the widget a title."), Length(max=200)])
    namespace = _name("Namespace", required=False)
    metric_name = _name("Metric", required=False)
    dimensions = TextAreaField("Dimensions", description="One Name=Value per line.")
    statistic = SelectField("Statistic", choices=[SelectChoice(s, s) for s in STATISTICS], default="Sum")
    better = SelectField(
        "Better when", choices=[SelectChoice("higher", "higher"), SelectChoice("lower", "lower"), SelectChoice("either", "no direction")],
        default="either",
    )
    text = TextAreaField("Note", validators=[Length(max=5000)])
    url = StringField("Link", validators=[Length(max=500)])

    def dimension_pairs(self) -> list[list[str]]:
        pairs = []
        for line in (self.dimensions.data or "").splitlines():
            if line.strip():
                name, _, value = line.partition("=")
                pairs.append([name.strip(), value.strip()])
        return pairs

    def validate_dimensions(self, field: TextAreaField) -> None:
        pairs = self.dimension_pairs()
        if len(pairs) > MAX_DIMENSIONS:
            raise ValidationError(f"CloudWatch allows at most {MAX_DIMENSIONS} dimensions.")
        seen: set[str] = set()
        for name, value in pairs:
            if not name or not value:
                raise ValidationError("Write each dimension as Name=Value.")
            if len(name) > MAX_DIMENSION_NAME:
                raise ValidationError(f"A dimension name has at most {MAX_DIMENSION_NAME} characters: “{name[:40]}…” is longer.")
            if len(value) > MAX_DIMENSION_VALUE:
                raise ValidationError(f"A dimension value has at most {MAX_DIMENSION_VALUE} characters; {name}'s is longer.")
            if name in seen:
                raise ValidationError(f"{name} is given twice; a metric has each dimension once.")
            seen.add(name)

    def validate(self, extra_validators=None) -> bool:  # type: ignore[no-untyped-def]
        valid = super().validate(extra_validators)
        kind = self.kind.data
        if kind == WidgetKind.METRIC.value:
            for field in (self.namespace, self.metric_name):
                if not field.data:
                    field.errors.append("A metric widget needs this.")
                    valid = False
        elif kind == WidgetKind.NOTE.value and not (self.text.data or "").strip():
            self.text.errors.append("Write the note.")
            valid = False
        elif kind == WidgetKind.LINK.value and not is_web_url(self.url.data or ""):
            self.url.errors.append("A link must be an http or https address.")
            valid = False
        return valid
