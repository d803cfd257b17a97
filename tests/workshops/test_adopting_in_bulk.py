"""Adopting every rated average at once: a fixed number of queries, one board refresh, one
history entry per touch point, and nothing saved when one of them changed meanwhile."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Org, People, build_org, htmx_client_for
from tests.workshops.conftest import url
from tests.workshops.test_adopting_ratings import vote
from touchpoints.history import (
    StaleEdit,
    snapshot,
    update_touchpoint,
    update_touchpoints,
)
from touchpoints.models import (
    BoardChange,
    Level,
    Side,
    TouchPoint,
    TouchPointChange,
    Workshop,
    WorkshopPhase,
)
from touchpoints.workshops.changes import edited_cells

pytestmark = pytest.mark.django_db

LEVELS = [Level.STRATEGIC, Level.TACTICAL, Level.OPERATIONAL]


def rated_touchpoints(org: Org, workshop: Workshop, count: int, score: int) -> list[TouchPoint]:
    """`count` touch points across two units and three levels, each rated `score` by IT."""
    made = []
    for index in range(count):
        touch_point = org.touchpoint(
            business_unit=(org.sales, org.finance)[index % 2],
            it_team=(org.apps, org.infra)[index // 2 % 2],
            level=LEVELS[index % 3],
        )
        vote(workshop, touch_point, Side.IT, score)
        made.append(touch_point)
    return made


def adopt_all(org: Org, people: People, workshop: Workshop) -> tuple[int, int]:
    """Post the bulk control; the queries it made and how far the revision moved."""
    before = Workshop.objects.values_list("revision", flat=True).get(pk=workshop.pk)
    client = htmx_client_for(people.facilitator)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url("workshop_adopt_ratings", workshop))
    assert response.status_code == 200
    after = Workshop.objects.values_list("revision", flat=True).get(pk=workshop.pk)
    return len(queries), after - before


@pytest.fixture
def rating(workshop: Workshop) -> Workshop:
    Workshop.objects.filter(pk=workshop.pk).update(phase=WorkshopPhase.RATE)
    workshop.refresh_from_db()
    return workshop


class TestAdoptingInBulk:
    def test_the_queries_and_the_revision_bumps_do_not_grow_with_the_touchpoints(
        self, org: Org, people: People, rating: Workshop
    ) -> None:
        adopt_all(org, people, rating)  # nothing to adopt: warms what a first request reads
        rated_touchpoints(org, rating, 1, 4)
        few, few_bumps = adopt_all(org, people, rating)
        rated_touchpoints(org, rating, 9, 2)
        many, many_bumps = adopt_all(org, people, rating)
        assert TouchPoint.objects.filter(effectiveness=2).count() == 9
        assert (many, many_bumps) == (few, few_bumps)
        assert many <= 37  # one by one, each touch point added about 12
        assert many_bumps <= 2  # the workshop's claim, then the open boards' refresh

    def test_each_adopted_touchpoint_gets_its_version_and_history_entry(
        self, org: Org, people: People, rating: Workshop
    ) -> None:
        made = rated_touchpoints(org, rating, 4, 5)
        adopt_all(org, people, rating)
        for touch_point in made:
            touch_point.refresh_from_db()
            assert (touch_point.effectiveness, touch_point.version) == (5, 2)
            assert touch_point.updated_by == people.facilitator
            entry = TouchPointChange.objects.get(touch_point=touch_point)
            assert entry.action == "updated" and entry.changed_by == people.facilitator
            assert entry.changes == {"effectiveness": ["—", "5"]}
            assert entry.touch_point_label == str(touch_point)

    def test_the_board_change_logs_every_adopted_cell_without_a_recount(
        self, org: Org, people: People, rating: Workshop
    ) -> None:
        made = rated_touchpoints(org, rating, 4, 3)
        adopt_all(org, people, rating)
        logged = BoardChange.objects.filter(workshop=rating).order_by("revision").last()
        assert logged is not None and not logged.recount and not logged.whole
        pairs = {(tp.business_unit_id, tp.it_team_id) for tp in made}
        assert {tuple(pair) for pair in logged.pairs} == pairs

    def test_one_touchpoint_changed_meanwhile_saves_none_of_them(
        self, org: Org, people: People
    ) -> None:
        first, second = (org.touchpoint(level=level) for level in LEVELS[:2])
        loaded = TouchPoint.objects.get(pk=second.pk)
        update_touchpoint(second, snapshot(second), second.version, people.facilitator)
        edits = []
        for touch_point in (first, loaded):
            before = snapshot(touch_point)
            touch_point.effectiveness = 4
            edits.append((touch_point, before))
        with pytest.raises(StaleEdit):
            update_touchpoints(edits, ["effectiveness"], people.facilitator)
        assert not TouchPoint.objects.filter(effectiveness=4).exists()
        assert TouchPoint.objects.get(pk=first.pk).version == 1
        assert not TouchPointChange.objects.filter(touch_point=first).exists()

    def test_an_edit_that_changes_nothing_bumps_the_version_without_history(
        self, org: Org, people: People
    ) -> None:
        touch_point = org.touchpoint(effectiveness=3)
        update_touchpoints([(touch_point, snapshot(touch_point))], ["effectiveness"], None)
        touch_point.refresh_from_db()
        assert touch_point.version == 2
        assert not TouchPointChange.objects.filter(touch_point=touch_point).exists()


class TestEditedCells:
    def test_a_touchpoint_moved_to_another_unit_recounts_both_cells(self, org: Org) -> None:
        stored = org.touchpoint(business_unit=org.sales, it_team=org.apps)
        edited = TouchPoint.objects.get(pk=stored.pk)
        edited.business_unit = org.finance
        change = edited_cells([edited], [stored])
        assert change.recount
        assert change.pairs == {(org.sales.pk, org.apps.pk), (org.finance.pk, org.apps.pk)}

    def test_edits_in_place_only_redraw_their_cells(self, org: Org) -> None:
        stored = [org.touchpoint(level=level) for level in LEVELS[:2]]
        stored.append(org.touchpoint(business_unit=org.finance, it_team=org.infra))
        change = edited_cells([TouchPoint.objects.get(pk=tp.pk) for tp in stored], stored)
        assert not change.recount
        assert change.pairs == {(org.sales.pk, org.apps.pk), (org.finance.pk, org.infra.pk)}


class TestBulkEditsRefuse:
    def test_touchpoints_of_two_workspaces(self, org: Org, people: People) -> None:
        other = build_org("second", "Second")
        edits = [(tp, snapshot(tp)) for tp in (org.touchpoint(), other.touchpoint())]
        with pytest.raises(ValueError, match="one workspace"):
            update_touchpoints(edits, ["effectiveness"], people.facilitator)

    def test_an_edit_in_a_field_it_would_not_save(self, org: Org, people: People) -> None:
        touch_point = org.touchpoint()
        before = snapshot(touch_point)
        touch_point.effectiveness, touch_point.level = 4, Level.STRATEGIC
        with pytest.raises(ValueError, match="Edited but not saved: level"):
            update_touchpoints([(touch_point, before)], ["effectiveness"], people.facilitator)
        stored = TouchPoint.objects.get(pk=touch_point.pk)
        assert (stored.effectiveness, stored.version) == (None, 1)
