from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from tests.conftest import Org, build_org
from touchpoints.derived_tree import TreeCycleError, derive_nodes, refresh_tree
from touchpoints.models import ChannelCategory, Level, OrgUnit, Side, State, TouchPoint

pytestmark = pytest.mark.django_db


def refused(create: Callable[[], object]) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_a_new_workspace_gets_the_six_default_channels(org: Org) -> None:
    categories = set(org.workspace.channels.values_list("category", flat=True))
    assert categories == set(ChannelCategory.values)


def test_sides_follow_the_nearest_marked_ancestor(org: Org) -> None:
    assert (org.sales.side, org.apps.side, org.infra.side) == (Side.BUSINESS, Side.IT, Side.IT)
    org.infra.side_mark = Side.BUSINESS
    org.infra.save()
    refresh_tree(org.workspace.pk)
    org.infra.refresh_from_db()
    assert org.infra.side == Side.BUSINESS


def test_paths_and_depths_describe_the_tree(org: Org) -> None:
    assert org.apps.depth == 1
    assert org.apps.path == f"/{org.it.pk}/{org.apps.pk}/"
    assert list(OrgUnit.objects.descendants_of(org.it)) == [org.apps, org.infra]


def test_a_loop_of_parents_is_reported_not_followed() -> None:
    with pytest.raises(TreeCycleError):
        derive_nodes({1: 2, 2: 1, 3: None}, {})


def test_codes_are_unique_per_workspace_but_not_across(org: Org, other_org: Org) -> None:
    assert refused(lambda: OrgUnit.objects.create(workspace=org.workspace, code="S", name="x"))
    assert other_org.sales.code == org.sales.code


def test_codes_are_kept_exactly_as_strings(org: Org) -> None:
    OrgUnit.objects.create(workspace=org.workspace, code="1", name="One")
    OrgUnit.objects.create(workspace=org.workspace, code="00000001", name="Padded one")
    assert OrgUnit.objects.filter(workspace=org.workspace, code__in=["1", "00000001"]).count() == 2


def test_the_database_refuses_effectiveness_outside_one_to_five(org: Org) -> None:
    assert refused(lambda: org.touchpoint(effectiveness=6))
    assert refused(lambda: org.touchpoint(effectiveness=0))
    assert org.touchpoint(effectiveness=5).effectiveness == 5


def test_the_database_refuses_unknown_choices(org: Org) -> None:
    assert refused(lambda: org.touchpoint(level="cosmic"))
    assert refused(lambda: org.touchpoint(frequency="hourly"))
    assert refused(lambda: org.touchpoint(state="imagined"))


def test_the_database_refuses_a_current_touchpoint_without_channel(org: Org) -> None:
    assert refused(lambda: org.touchpoint(channel=None))
    desired = org.touchpoint(channel=None, frequency="", state=State.DESIRED)
    assert desired.pk


def test_the_database_refuses_two_business_units(org: Org) -> None:
    assert refused(lambda: org.touchpoint(it_team=org.finance))


def test_the_database_refuses_swapped_sides(org: Org) -> None:
    assert refused(lambda: org.touchpoint(business_unit=org.apps, it_team=org.sales))


def test_the_database_refuses_a_unit_of_another_workspace(org: Org, other_org: Org) -> None:
    assert refused(lambda: org.touchpoint(it_team=other_org.apps))


def test_the_database_refuses_moving_an_end_to_the_wrong_side(org: Org) -> None:
    touch_point = org.touchpoint()
    assert refused(lambda: TouchPoint.objects.filter(pk=touch_point.pk).update(it_team=org.finance))


def test_a_unit_with_touchpoints_cannot_be_deleted(org: Org) -> None:
    org.touchpoint()
    with pytest.raises(Exception, match=r"restricted|referenced"):
        org.sales.delete()


def test_deleting_a_workspace_removes_everything_in_it(db: None) -> None:
    doomed = build_org("doomed", "Doomed")
    doomed.touchpoint(level=Level.STRATEGIC)
    doomed.workspace.delete()
    assert not OrgUnit.objects.filter(workspace__slug="doomed").exists()
    assert not TouchPoint.objects.exists()
