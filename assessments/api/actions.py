"""/api/w/{slug}/actions/: the plan's actions with their progress, filtered as the plan is."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from assessments.access import get_action
from assessments.api.schemas import ActionOut
from assessments.forms.plans import PlanFilterForm
from assessments.models import Action, ActionStatus
from assessments.plan_board import plan_actions
from convergence.api.auth import Slug, member
from convergence.api.errors import READ_ERRORS
from convergence.api.filters import narrowed
from convergence.api.forms import checked, posted
from convergence.api.pagination import Pages
from convergence.models import Capability

router = Router()


class ActionFilters(Schema):
    unit: int | None = None  # actions for this unit or below it
    target: int | None = None
    status: ActionStatus | None = None  # as set by people (see status_now)
    owner: int | None = None


@router.get("", response={200: list[ActionOut], **READ_ERRORS})
@paginate(Pages)
def list_actions(request: HttpRequest, slug: Slug, filters: Query[ActionFilters]) -> object:
    membership = member(request, slug, Capability.VIEW)
    chosen = {"unit": filters.unit, "target": filters.target}
    form = checked(PlanFilterForm(posted(chosen), workspace=membership.workspace))
    data = form.cleaned_data
    actions = plan_actions(membership.workspace_id, data.get("unit"), data.get("target"))
    return narrowed(actions, status=filters.status, owner_id=filters.owner)


@router.get("{int:pk}/", response={200: ActionOut, **READ_ERRORS})
def get_one(request: HttpRequest, slug: Slug, pk: int) -> Action:
    action = get_action(member(request, slug, Capability.VIEW), pk)
    return get_object_or_404(plan_actions(action.workspace_id), pk=action.pk)
