import re

import pytest

from assessments.assess import Scope, assess_workspace
from assessments.models import Assessment, Granularity, ImmutableError, UnitScore
from tests.assessments.conftest import WorkedOrg
from tests.conftest import Org
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import OrgUnit, State

pytestmark = pytest.mark.django_db


def scores_by_name(assessment: Assessment) -> dict[str, UnitScore]:
    return {unit.name: unit for unit in assessment.units.all()}


def test_every_unit_reproduces_the_worked_example_from_the_database(worked: WorkedOrg) -> None:
    assessment = assess_workspace(worked.org.workspace.pk, Scope())
    assert assessment.score == pytest.approx(63.81, abs=0.01)
    assert (assessment.band, assessment.capped_by) == ("Integration", "")
    assert assessment.mean_business_unit_score == pytest.approx(64.14, abs=0.01)
    assert assessment.ei_index == pytest.approx(-0.5)
    units = scores_by_name(assessment)
    # The two tree roots (Acme Group, IT) have children and no touch points of their own.
    assert set(units) == {"Sales", "Finance", "Operations", "Apps", "Infra"}
    assert units["Sales"].score == pytest.approx(72.25, abs=0.01)
    assert units["Sales"].capped_by == "K"
    assert units["Apps"].band == "Convergence"
    assert (assessment.business_unit_count, assessment.it_team_count) == (3, 2)
    assert (assessment.current_touchpoint_count, assessment.rated_touchpoint_count) == (6, 6)
    assert assessment.tables_version and assessment.weights["B"] == 0.25


def test_it_snapshots_each_units_code_depth_and_path(worked: WorkedOrg) -> None:
    units = scores_by_name(assess_workspace(worked.org.workspace.pk, Scope()))
    sales = worked.org.sales
    assert (units["Sales"].code, units["Sales"].depth, units["Sales"].path) == (
        "S",
        1,
        sales.path,
    )
    assert units["Sales"].unit_id == sales.pk and units["Sales"].side == "business"


def test_touch_points_of_descendants_roll_up_to_their_unit_at_a_depth(worked: WorkedOrg) -> None:
    org = worked.org
    emea = OrgUnit.objects.create(
        workspace=org.workspace, code="SE", name="Sales EMEA", parent=org.sales
    )
    refresh_tree(org.workspace.pk)
    org.touchpoint(business_unit=emea, it_team=org.infra, level="strategic")
    at_depth_1 = assess_workspace(org.workspace.pk, Scope(Granularity.DEPTH, business_depth=1))
    assert set(scores_by_name(at_depth_1)) == {"Sales", "Finance", "Operations", "Apps", "Infra"}
    assert at_depth_1.current_touchpoint_count == 7
    # Sales now meets Infra strategically too, through its descendant.
    full = scores_by_name(assess_workspace(org.workspace.pk, Scope()))
    assert "Sales EMEA" in full
    assert scores_by_name(at_depth_1)["Sales"].dimensions != full["Sales"].dimensions


def test_at_the_top_of_the_tree_everything_rolls_up_to_the_roots(worked: WorkedOrg) -> None:
    scope = Scope(Granularity.DEPTH, business_depth=0, it_depth=0)
    assessment = assess_workspace(worked.org.workspace.pk, scope)
    units = scores_by_name(assessment)
    assert set(units) == {"Acme Group", "IT"}
    assert units["Acme Group"].depth == 0
    assert assessment.current_touchpoint_count == 6
    assert assessment.dimensions["B"] == pytest.approx(100.0)


def test_a_unit_without_a_location_takes_its_ancestors_or_its_members(worked: WorkedOrg) -> None:
    org = worked.org
    scope = Scope(Granularity.DEPTH, business_depth=0, it_depth=0)
    # The roots have no location: Acme Group's units are mostly in London; IT's two teams tie
    # (London, Manchester) and the first name wins. Both roots in London: no cross-site pair.
    assert assess_workspace(org.workspace.pk, scope).ei_index == -1.0
    emea = OrgUnit.objects.create(workspace=org.workspace, code="SE", name="EMEA", parent=org.sales)
    refresh_tree(org.workspace.pk)
    org.touchpoint(business_unit=emea, it_team=org.apps)
    units = scores_by_name(assess_workspace(org.workspace.pk, Scope()))
    # EMEA sits where Sales sits (London) and meets Apps (London): no cross-site pair, so
    # X = (1 in the largest component + 0 cross-site share) / 2.
    assert units["EMEA"].dimensions["X"] == pytest.approx(50.0)


def test_a_chosen_set_of_units_leaves_out_the_others_touch_points(worked: WorkedOrg) -> None:
    org = worked.org
    scope = Scope(Granularity.UNITS, unit_ids=frozenset({org.sales.pk, org.finance.pk}))
    assessment = assess_workspace(org.workspace.pk, scope)
    assert set(scores_by_name(assessment)) == {"Sales", "Finance", "Apps", "Infra"}
    assert assessment.excluded_touchpoint_count == 2
    assert assessment.unit_ids == sorted([org.sales.pk, org.finance.pk])


def test_retired_units_and_their_touch_points_are_left_out(worked: WorkedOrg) -> None:
    OrgUnit.objects.filter(pk=worked.operations.pk).update(is_active=False)
    assessment = assess_workspace(worked.org.workspace.pk, Scope())
    assert "Operations" not in scores_by_name(assessment)
    assert assessment.excluded_touchpoint_count == 2


def test_desired_touch_points_are_counted_as_expectations(worked: WorkedOrg) -> None:
    worked.org.touchpoint(
        business_unit=worked.org.finance,
        it_team=worked.org.infra,
        state=State.DESIRED,
        channel=None,
        frequency="",
    )
    assessment = assess_workspace(worked.org.workspace.pk, Scope())
    assert assessment.desired_touchpoint_count == 1
    assert assessment.dimensions["B"] == 0.0


def test_an_assessment_refuses_to_change(worked: WorkedOrg) -> None:
    assessment = assess_workspace(worked.org.workspace.pk, Scope())
    assessment.score = 99
    with pytest.raises(ImmutableError):
        assessment.save()
    unit = assessment.units.first()
    assert unit is not None
    with pytest.raises(ImmutableError):
        unit.save()
    assessment.refresh_from_db()
    assert assessment.score == pytest.approx(63.81, abs=0.01)


def test_the_explanation_adds_up_to_the_score(worked: WorkedOrg) -> None:
    assessment = assess_workspace(worked.org.workspace.pk, Scope())
    text = assessment.explanation()
    assert text.startswith("63.8 = (0.25 × 66.7 (breadth) + 0.20 × 55.6 (vertical reach)")
    terms = re.findall(r"([\d.]+) × ([\d.]+) \(", text)
    total_weight = float(text.rsplit("÷ ", 1)[1].split(";")[0])
    computed = sum(float(w) * float(v) for w, v in terms) / total_weight
    assert len(terms) == 6 and computed == pytest.approx(assessment.score, abs=0.1)


def test_the_explanation_says_which_dimension_did_not_apply(org: Org) -> None:
    org.touchpoint()  # unrated: effectiveness does not apply
    text = assess_workspace(org.workspace.pk, Scope()).explanation()
    assert "effectiveness did not apply" in text
    assert "÷ 0.85" in text
