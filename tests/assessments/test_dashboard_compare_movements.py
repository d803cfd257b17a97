"""The comparison's movements, ranked in one query, match ranking every unit in Python."""

import random
from typing import Any

import pytest

from assessments.assess import Scope, assess_workspace
from assessments.dashboard import compare as compare_module
from assessments.dashboard.compare import BAND_ORDER, LIST_CAP, compare
from assessments.dashboard.filters import Choice, Filters, filter_choices
from assessments.models import Assessment, UnitScore
from touchpoints.models import Location, OrgUnit, Side, State, TouchPoint
from touchpoints.synthetic import SyntheticSpec, generate_workspace

pytestmark = pytest.mark.django_db


def ranked_in_python(before: Assessment, after: Assessment, filters: Filters) -> tuple[Any, ...]:
    """The ranking as compare() did it before it moved into SQL: every unit paired in a dict
    in UnitScore's order, then sorted."""
    scores = UnitScore.objects.filter(assessment_id__in=[before.pk, after.pk])
    if filters.division:
        scores = scores.filter(path__startswith=filters.division.path) | scores.filter(side=Side.IT)
    if filters.location:
        scores = scores.filter(unit__location_id=filters.location.id)
    paired: dict[object, dict[int, tuple[Any, ...]]] = {}
    fields = ("assessment_id", "unit_id", "code", "name", "side", "score", "band")
    # UnitScore's own order, then the order they were stored in (where the database decided).
    ordered = scores.order_by("assessment", "side", "score", "name", "pk")
    for score in ordered.values_list(*fields):
        paired.setdefault(score[1] or score[2], {})[score[0]] = score
    rows = []
    for by_assessment in paired.values():
        old, new = by_assessment.get(before.pk), by_assessment.get(after.pk)
        some = new or old
        assert some is not None
        change = new[5] - old[5] if old and new else None
        rows.append(
            (
                change,
                (
                    some[3],
                    some[4],
                    old and old[5],
                    new and new[5],
                    old[6] if old else "",
                    new[6] if new else "",
                ),
            )
        )
    both = [row for change, row in rows if change is not None]
    up = sum(1 for row in both if rank(row[5]) > rank(row[4]))
    down = sum(1 for row in both if rank(row[5]) < rank(row[4]))
    rows.sort(key=lambda r: (r[0] is None, -abs(r[0] or 0.0), r[1][0]))
    return [row for _, row in rows[: compare_module.LIST_CAP]], len(both), up, down


def rank(band: str) -> int:
    return BAND_ORDER.index(band) if band in BAND_ORDER else -1


def moved_assessments(seed: int) -> tuple[Assessment, Assessment]:
    """Two assessments of a generated workspace, with touch points moved between them, units
    renamed to share names (ties), a unit gone and one new."""
    rng = random.Random(seed)
    spec = SyntheticSpec(
        f"moves-{seed}", units=60, teams=8, touchpoints=300, seed=seed, locations=2
    )
    workspace = generate_workspace(spec)
    first = assess_workspace(workspace.pk, Scope())
    touchpoints = list(TouchPoint.objects.filter(workspace=workspace))
    TouchPoint.objects.filter(pk__in=[t.pk for t in rng.sample(touchpoints, 120)]).update(
        state=State.DESIRED
    )
    units = list(OrgUnit.objects.filter(workspace=workspace, side=Side.BUSINESS))
    leaves = [u for u in units if not any(v.parent_id == u.pk for v in units)]
    OrgUnit.objects.filter(pk__in=[u.pk for u in rng.sample(leaves, 25)]).update(name="Same name")
    OrgUnit.objects.filter(pk=units[-1].pk).update(is_active=False)
    OrgUnit.objects.create(workspace=workspace, code="NEW", name="New unit", parent=units[0])
    from touchpoints.derived_tree import refresh_tree

    refresh_tree(workspace.pk)
    return first, assess_workspace(workspace.pk, Scope())


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("cap", [LIST_CAP, 500])
def test_the_ranked_movements_are_those_of_sorting_every_unit(
    seed: int, cap: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every unit listed (a cap of 500), equal movements of one name show in order too."""
    monkeypatch.setattr(compare_module, "LIST_CAP", cap)
    before, after = moved_assessments(seed)
    choices = filter_choices(before.workspace_id)
    location = Location.objects.filter(workspace_id=before.workspace_id).first()
    assert location is not None
    for filters in (
        Filters(),
        Filters(division=choices.divisions[0]),
        Filters(location=Choice(location.pk, location.name)),
    ):
        found = compare(before, after, filters)
        ties = [(m.name, m.change) for m in found.movements if m.name == "Same name"]
        assert (
            cap == LIST_CAP or filters.is_active or len(ties) > len(set(ties))
        )  # equal movements of one name
        shown = [
            (m.name, m.side, m.before, m.after, m.band_before, m.band_after)
            for m in found.movements
        ]
        expected = ranked_in_python(before, after, filters)
        assert (shown, found.units_compared, found.bands_up, found.bands_down) == tuple(
            [expected[0], *expected[1:]]
        )
        assert any(m.change for m in found.movements)  # units did move
