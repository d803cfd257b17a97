"""The plan's screens: the board and projection, targets, actions from a gap or from scratch,
moves and edits against a version, exports, and the next best touch points."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from assessments import gap_reports
from assessments.models import Action, ActionStatus, Gap, GapReport, Target
from tests.conftest import Org, People, client_for, htmx_client_for, personas_once_per_module
from tests.plans.conftest import PlannedOrg, add_plan
from touchpoints.models import Level, State, TouchPoint

pytestmark = pytest.mark.django_db

# Built once for the module: its tests read them and leave them as they were.
org, other_org, people = personas_once_per_module()


def url(org: Org, name: str, *args: object) -> str:
    return reverse(name, args=[org.workspace.slug, *args])


def gap_of(org: Org, rule: str, subject: str) -> Gap:
    report = GapReport.objects.create(workspace=org.workspace)
    gap_reports.build_report(report.pk)
    return Gap.objects.get(report=report, rule=rule, subject_label=subject)


class TestPlanPage:
    def test_it_shows_the_projection_and_the_targets_sentence(
        self, planned: PlannedOrg, people: People
    ) -> None:
        response = client_for(people.viewer).get(url(planned.org, "plan"))
        text = response.content.decode()
        assert response.status_code == 200
        assert "This plan takes Acme from 59.6 to 80.0: Integration → Convergence" in text
        assert (
            "This plan takes Finance from 50.6 to 80.2: Integration → Convergence, "
            "target reached" in text
        )
        assert "3 planned touch points realised" in text

    def test_viewers_read_the_board_without_its_controls(
        self, planned: PlannedOrg, people: People
    ) -> None:
        viewer = client_for(people.viewer).get(url(planned.org, "plan")).content.decode()
        manager = client_for(people.manager).get(url(planned.org, "plan")).content.decode()
        assert "Plan jointly with Infra" in viewer
        assert url(planned.org, "action_new") not in viewer and "Move" not in viewer
        assert url(planned.org, "action_new") in manager and ">Move</button>" in manager

    def test_the_board_groups_by_status_marks_overdue_and_realised_ones_done(
        self, planned: PlannedOrg, people: People
    ) -> None:
        late = planned.actions[0]
        Action.objects.filter(pk=late.pk).update(due=datetime.date(2020, 1, 1))
        response = client_for(people.manager).get(url(planned.org, "plan"))
        columns = {c.key: [a.title for a in c.actions] for c in response.context["columns"]}
        # Sales-Apps strategic is already current: its action is done.
        assert columns["done"] == ["Sales keeps its seat"]
        assert "Plan jointly with Infra" in columns["planned"]
        assert response.context["overdue"] == 1
        assert f'id="action-{late.pk}"' in response.content.decode()
        assert "overdue" in response.content.decode()

    def test_it_filters_by_unit_and_groups_by_owner(
        self, planned: PlannedOrg, people: People
    ) -> None:
        query = {"unit": str(planned.org.finance.pk), "by": "owner"}
        response = client_for(people.manager).get(url(planned.org, "plan"), query)
        [column] = response.context["columns"]
        assert column.label == "mark"
        assert sorted(a.title for a in column.actions) == [
            "Finance on the steering committee",
            "Plan jointly with Infra",
        ]
        assert "Finance" in response.context["outlook"].whole.name

    def test_an_unknown_filter_is_ignored_not_an_error(
        self, planned: PlannedOrg, people: People
    ) -> None:
        response = client_for(people.manager).get(url(planned.org, "plan"), {"unit": "x"})
        assert response.status_code == 200

    def test_its_htmx_fragment_is_the_board(self, planned: PlannedOrg, people: People) -> None:
        response = htmx_client_for(people.manager).get(url(planned.org, "plan"))
        assert response.status_code == 200 and b"<html" not in response.content
        assert b'id="board"' in response.content

    def test_its_queries_do_not_grow_with_the_plan(
        self,
        planned: PlannedOrg,
        people: People,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        client = client_for(people.manager)
        client.get(url(planned.org, "plan"))  # the projection is cached by the data stamp
        with django_assert_max_num_queries(20) as few:
            assert client.get(url(planned.org, "plan")).status_code == 200
        for n in range(5):
            Action.objects.create(workspace=planned.org.workspace, title=f"More {n}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(url(planned.org, "plan")).status_code == 200


class TestExports:
    def test_csv_neutralises_formulas_and_lists_every_action(
        self, planned: PlannedOrg, people: People
    ) -> None:
        Action.objects.create(workspace=planned.org.workspace, title="=HYPERLINK(1)")
        response = client_for(people.viewer).get(url(planned.org, "plan_export", "csv"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        titles = [row[1] for row in rows[1:]]
        assert "'=HYPERLINK(1)" in titles and "Plan jointly with Infra" in titles
        assert len(rows) == 1 + 5

    def test_xlsx_holds_the_same_rows(self, planned: PlannedOrg, people: People) -> None:
        Action.objects.create(workspace=planned.org.workspace, title="+SUM(A1)")
        response = client_for(people.viewer).get(url(planned.org, "plan_export", "xlsx"))
        sheet = load_workbook(io.BytesIO(response.content))["Plan"]
        titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert "'+SUM(A1)" in titles and len(titles) == 5

    def test_another_format_is_404(self, planned: PlannedOrg, people: People) -> None:
        assert (
            client_for(people.viewer).get(url(planned.org, "plan_export", "pdf")).status_code == 404
        )


class TestTargets:
    def test_a_planner_sets_a_target(self, org: Org, people: People) -> None:
        data = {"unit": org.finance.pk, "band": "Convergence", "due": "2026-06-30"}
        response = client_for(people.facilitator).post(url(org, "target_new"), data)
        assert response.status_code == 302
        target = Target.objects.get()
        assert str(target) == "Finance at Convergence by 30 June 2026"

    @pytest.mark.parametrize(
        ("data", "error"),
        [
            ({"due": "2026-06-30"}, "Give a band, a score, or both."),
            ({"score": "120", "due": "2026-06-30"}, "between 0 and 100"),
            ({"band": "Nirvana", "due": "2026-06-30"}, "Select a valid choice"),
            ({"band": "Fusion", "due": "soon"}, "Enter a valid date"),
        ],
    )
    def test_a_bad_target_is_refused_with_the_reason(
        self, org: Org, people: People, data: dict[str, str], error: str
    ) -> None:
        response = client_for(people.manager).post(url(org, "target_new"), data)
        assert response.status_code == 200 and error in response.content.decode()
        assert not Target.objects.exists()

    def test_edit_and_remove(self, planned: PlannedOrg, people: People) -> None:
        client, target = client_for(people.manager), planned.finance_target
        data = {"unit": planned.org.finance.pk, "score": "75", "due": "2026-09-30"}
        assert client.post(url(planned.org, "target_edit", target.pk), data).status_code == 302
        target.refresh_from_db()
        assert target.score == 75 and target.band == ""
        assert client.post(url(planned.org, "target_delete", target.pk)).status_code == 302
        assert not Target.objects.exists() and Action.objects.count() == 4


class TestActionFromAGap:
    def test_the_gap_prefills_the_action(self, planned: PlannedOrg, people: People) -> None:
        gap = gap_of(planned.org, "GAP-01", "Finance-Infra")
        response = client_for(people.manager).get(url(planned.org, "action_new"), {"gap": gap.pk})
        form = response.context["form"]
        assert form.initial["title"] == gap.recommendation[:200]
        assert form.initial["business_unit"] == planned.org.finance
        assert form.initial["it_team"] == planned.org.infra
        assert form.initial["level"] == Level.TACTICAL
        assert "From the gap" in response.content.decode()

    def test_posting_it_records_the_gap_and_links_the_desired_touch_point(
        self, planned: PlannedOrg, people: People
    ) -> None:
        gap = gap_of(planned.org, "GAP-01", "Finance-Infra")
        data = {
            "gap": gap.pk,
            "title": "Joint planning with Infra",
            "status": "planned",
            "business_unit": planned.org.finance.pk,
            "it_team": planned.org.infra.pk,
            "level": Level.TACTICAL,
        }
        response = client_for(people.manager).post(url(planned.org, "action_new"), data)
        action = Action.objects.get(title="Joint planning with Infra")
        assert response.status_code == 302
        assert action.gap_key() == gap_of_key(gap)
        # The plan's desired touch point already exists: linked, not doubled.
        assert list(action.touch_points.all()) == list(planned.actions[0].touch_points.all())

    def test_another_workspaces_gap_prefills_nothing(
        self, planned: PlannedOrg, other_org: Org, people: People
    ) -> None:
        gap = gap_of(planned.org, "GAP-01", "Finance-Infra")
        response = client_for(people.outsider).get(url(other_org, "action_new"), {"gap": gap.pk})
        assert response.status_code == 200 and "title" not in response.context["form"].initial


def gap_of_key(gap: Gap) -> tuple[str, int | None, int | None, str, str]:
    return gap.rule, gap.business_unit_id, gap.it_team_id, gap.level, gap.location


class TestActions:
    def test_from_scratch_with_a_desired_touch_point_it_moves_the_projection(
        self, org: Org, people: People
    ) -> None:
        client = client_for(people.manager)
        before = client.get(url(org, "plan")).context["outlook"]
        data = {
            "title": "Meet Infra",
            "status": "planned",
            "owner": people.facilitator.pk,
            "due": "2026-07-01",
            "business_unit": org.finance.pk,
            "it_team": org.infra.pk,
            "level": Level.STRATEGIC,
        }
        assert client.post(url(org, "action_new"), data).status_code == 302
        after = client.get(url(org, "plan")).context["outlook"]
        assert before.realised == 0 and after.realised == 1
        assert after.whole.after.score != before.whole.after.score

    def test_half_a_touch_point_is_refused_and_nothing_saved(
        self, org: Org, people: People
    ) -> None:
        data = {"title": "Meet", "status": "planned", "business_unit": org.finance.pk}
        response = client_for(people.manager).post(url(org, "action_new"), data)
        assert "needs its business unit, IT team and level" in response.content.decode()
        assert not Action.objects.exists() and not TouchPoint.objects.exists()

    def test_an_edit_against_an_older_version_is_refused(
        self, planned: PlannedOrg, people: People
    ) -> None:
        action = planned.actions[0]
        data = {"title": "Mine", "status": "planned", "version": action.version}
        Action.objects.filter(pk=action.pk).update(version=action.version + 1, title="Theirs")
        response = client_for(people.manager).post(url(planned.org, "action_edit", action.pk), data)
        assert "Someone else changed this action" in response.content.decode()
        assert Action.objects.get(pk=action.pk).title == "Theirs"

    def test_the_board_moves_an_action_by_its_form(
        self, planned: PlannedOrg, people: People
    ) -> None:
        action, client = planned.actions[0], client_for(people.manager)
        move = url(planned.org, "action_move", action.pk)
        response = client.post(move, {"status": "in_progress", "version": action.version})
        assert response.status_code == 302
        assert Action.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS
        stale = client.post(move, {"status": "dropped", "version": action.version}, follow=True)
        assert "Someone else changed" in stale.content.decode()
        assert Action.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS
        assert client.post(move, {"status": "nope", "version": 1}).status_code == 400

    def test_a_touch_point_is_added_and_the_page_shows_progress_and_history(
        self, planned: PlannedOrg, people: People
    ) -> None:
        action, client = planned.actions[0], client_for(people.manager)
        data = {
            "version": action.version,
            "business_unit": planned.org.sales.pk,
            "it_team": planned.org.infra.pk,
            "level": Level.STRATEGIC,
        }
        client.post(url(planned.org, "action_add_touchpoint", action.pk), data)
        page = client.get(url(planned.org, "action_detail", action.pk)).content.decode()
        assert "0 of 2 realised" in page and "Sales – Infra" in page
        assert "History" in page and "touch points" in page

    def test_delete_keeps_the_touch_points_on_the_map(
        self, planned: PlannedOrg, people: People
    ) -> None:
        action = planned.actions[0]
        client_for(people.manager).post(url(planned.org, "action_delete", action.pk))
        assert not Action.objects.filter(pk=action.pk).exists()
        assert TouchPoint.objects.filter(state=State.DESIRED).count() == 4


class TestNextBest:
    def test_it_ranks_the_missing_touch_points_and_viewers_cannot_add(
        self, planned: PlannedOrg, people: People
    ) -> None:
        response = client_for(people.viewer).get(url(planned.org, "plan_next_best"))
        names = [s.name for s in response.context["suggestions"]]
        assert len(names) == 3 and "Sales-Apps (strategic)" not in names
        assert "Add to plan" not in response.content.decode()

    def test_one_click_adds_a_suggestion_to_the_plan(self, org: Org, people: People) -> None:
        client = client_for(people.manager)
        [first, *_] = client.get(url(org, "plan_next_best")).context["suggestions"]
        data = {
            "business_unit": first.business_unit_id,
            "it_team": first.it_team_id,
            "level": first.best.candidate.level,
        }
        response = client.post(url(org, "plan_next_best_add"), data)
        action = Action.objects.get()
        assert response.status_code == 302 and action.owner == people.manager
        [touch_point] = action.touch_points.all()
        assert touch_point.state == State.DESIRED
        assert touch_point.level == first.best.candidate.level

    def test_a_unit_of_another_workspace_is_refused(
        self, org: Org, other_org: Org, people: People
    ) -> None:
        data = {"business_unit": other_org.sales.pk, "it_team": org.apps.pk, "level": "tactical"}
        response = client_for(people.manager).post(url(org, "plan_next_best_add"), data)
        assert response.status_code == 400 and not Action.objects.exists()


def test_anyone_else_is_kept_out(planned: PlannedOrg, people: People) -> None:
    assert Client().get(url(planned.org, "plan")).status_code == 302
    assert client_for(people.outsider).get(url(planned.org, "plan")).status_code == 404


def test_a_second_plan_in_another_workspace_never_shows(
    planned: PlannedOrg, other_org: Org, people: People
) -> None:
    add_plan(other_org, people)
    response = client_for(people.manager).get(url(planned.org, "plan"))
    actions = [a for column in response.context["columns"] for a in column.actions]
    assert len(actions) == 4
    assert {a.workspace_id for a in actions} == {planned.org.workspace.pk}
