"""The COE page, shared by the view that shows it and the forms on it that come back with errors."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from opsreview.actions.forms import ActionItemForm
from opsreview.coes import learning, metrics, services
from opsreview.coes.forms import ImageForm, ReviewForm
from opsreview.coes.markdown import render
from opsreview.coes.models import Coe, CoeStatus
from opsreview.teams.services import list_teams
from opsreview.vendor import plotly_version


def show_page(coe: Coe, action_form: ActionItemForm | None = None, image_form: ImageForm | None = None) -> str:
    """The COE page; a form that failed comes back with what was typed and what is wrong."""
    return render_template(
        "coes/show.html", coe=coe, md=render, checks=services.checklist(coe), CoeStatus=CoeStatus,
        similar=learning.similar(coe),
        can_edit=services.may_edit(coe, current_user), can_add_action=services.may_add_action(coe, current_user),
        action_form=action_form or ActionItemForm(formdata=None, teams=list_teams()),
        image_form=image_form or ImageForm(formdata=None),
        review_form=ReviewForm(formdata=None, meetings=services.reviewable_meetings()),
        metrics_figure=metrics.figure(coe), plotly_version=plotly_version(), referenced=learning.referenced(coe),
    )
