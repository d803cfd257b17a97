"""Review gaps live on the board, anonymous workshops, and the outcome a closed workshop sends."""

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.assess import Scope, score
from assessments.models import Granularity
from tests.conftest import Org, People, client_for
from tests.workshops.conftest import board_url, live_url, participant_client, url
from touchpoints.models import (
    Level,
    Participant,
    Side,
    Workshop,
    WorkshopPhase,
    WorkshopStatus,
)
from touchpoints.workshops import facilitation

pytestmark = pytest.mark.django_db


def capture(client: Any, workshop: Workshop, org: Org, **fields: str) -> None:
    """The facilitator captures Finance with Infra, strategic, at a steering committee."""
    data = {
        "business_unit": org.finance.pk,
        "it_team": org.infra.pk,
        "level": "strategic",
        "channel": org.channel("steering_committee").pk,
        "frequency": "monthly",
        "initiated_by": "both",
        "state": "current",
        **fields,
    }
    client.post(url("workshop_capture", workshop), data)


def engine_score(org: Org, workshop: Workshop) -> float:
    ids = [*workshop.business_units.values_list("pk", flat=True)]
    ids += [*workshop.it_teams.values_list("pk", flat=True)]
    _, result = score(org.workspace.pk, Scope(Granularity.UNITS, unit_ids=frozenset(ids)))
    return round(float(result.scope.rating.score), 1)


class TestReviewGaps:
    def test_the_start_score_is_kept_and_the_score_now_moves_with_captures(
        self, org: Org, people: People, draft: Workshop
    ) -> None:
        org.touchpoint()
        facilitator = client_for(people.facilitator)
        facilitator.post(url("workshop_phase", draft), {"phase": "capture"})
        draft.refresh_from_db()
        start = draft.outcome["start"]
        assert start["score"] == engine_score(org, draft)
        facilitator.post(url("workshop_phase", draft), {"phase": "review"})
        before = facilitator.get(board_url(draft)).context["review"]
        assert before.now.score == pytest.approx(start["score"], abs=0.05)
        isolated = [gap.subject for gap in before.gaps if gap.rule == "GAP-02"]
        assert "Finance" in isolated and "Infra" in isolated  # they meet nobody yet
        capture(facilitator, draft, org, effectiveness="4")
        after = facilitator.get(board_url(draft))
        review = after.context["review"]
        assert review.now.score == pytest.approx(engine_score(org, draft), abs=0.05)
        assert review.now.score != before.now.score
        assert "Finance" not in [gap.subject for gap in review.gaps if gap.rule == "GAP-02"]
        text = after.content.decode()
        assert 'id="score-start"' in text and 'id="score-now"' in text
        assert "Review gaps" in text

    def test_other_phases_do_not_score(self, people: People, workshop: Workshop) -> None:
        response = client_for(people.facilitator).get(board_url(workshop))
        assert "review" not in response.context


class TestAnonymity:
    def test_names_are_hidden_and_a_side_mean_needs_three_raters(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        Workshop.objects.filter(pk=workshop.pk).update(
            anonymous=True, phase=WorkshopPhase.RATE, ratings_revealed=True
        )
        touch_point = org.touchpoint()
        Participant.objects.create(workshop=workshop, name="Zelda Secret", side=Side.BUSINESS)
        raters = [participant_client(workshop, f"Rater {n}", Side.BUSINESS) for n in range(3)]
        it_rater = participant_client(workshop, "Ivy", Side.IT)
        it_rater.post(live_url("participant_rate", workshop, touch_point.pk), {"score": "2"})
        for rater in raters[:2]:
            rater.post(live_url("participant_rate", workshop, touch_point.pk), {"score": "5"})
        facilitator = client_for(people.facilitator)
        board = facilitator.get(board_url(workshop))
        (badge,) = board.context["board"].badges
        assert badge.business_votes == 2 and badge.business_mean is None and badge.it_mean is None
        panel = facilitator.get(url("workshop_touchpoint_edit", workshop, touch_point.pk))
        assert (
            b"Business 5.0" not in panel.content and b"(mean shown from 3 votes)" in panel.content
        )
        raters[2].post(live_url("participant_rate", workshop, touch_point.pk), {"score": "5"})
        (badge,) = facilitator.get(board_url(workshop)).context["board"].badges
        assert badge.business_mean == 5.0 and badge.it_mean is None

    def test_proposals_show_no_name(self, org: Org, people: People, workshop: Workshop) -> None:
        Workshop.objects.filter(pk=workshop.pk).update(anonymous=True)
        pat = participant_client(workshop, "Zelda Secret")
        pat.post(
            live_url("participant_propose", workshop),
            {
                "state": "current",
                "business_unit": org.sales.pk,
                "it_team": org.apps.pk,
                "level": Level.TACTICAL,
            },
        )
        board = client_for(people.facilitator).get(board_url(workshop))
        assert b"by a participant" in board.content and b"Zelda" not in board.content

    def test_a_named_workshop_shows_the_name(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        participant_client(workshop, "Zelda Named").post(
            live_url("participant_propose", workshop),
            {
                "state": "current",
                "business_unit": org.sales.pk,
                "it_team": org.apps.pk,
                "level": Level.TACTICAL,
            },
        )
        board = client_for(people.facilitator).get(board_url(workshop))
        assert b"Zelda Named" in board.content


def run_session(org: Org, people: People, workshop: Workshop) -> None:
    facilitator = client_for(people.facilitator)
    Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.DRAFT)
    facilitator.post(url("workshop_phase", workshop), {"phase": "capture"})
    capture(facilitator, workshop, org)
    facilitator.post(url("workshop_phase", workshop), {"phase": "rate"})
    tp = workshop.touchpoints.get()
    participant_client(workshop, "Bea", Side.BUSINESS).post(
        live_url("participant_rate", workshop, tp.pk), {"score": "5"}
    )
    participant_client(workshop, "Ian", Side.IT).post(
        live_url("participant_rate", workshop, tp.pk), {"score": "2"}
    )
    facilitator.post(url("workshop_close", workshop))
    workshop.refresh_from_db()


class TestOutcome:
    def test_closing_keeps_a_summary_to_print(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        run_session(org, people, workshop)
        summary = workshop.outcome["summary"]
        assert summary["participants"]["business"] == 1 and summary["participants"]["it"] == 1
        assert {p["name"] for p in summary["participants"]["names"]} == {"Bea", "Ian"}
        assert [a["touch_point"] for a in summary["added"]] == [str(workshop.touchpoints.get())]
        (rating,) = summary["ratings"]
        assert rating["business"] == 5.0 and rating["it"] == 2.0 and rating["gap"] is True
        assert summary["start"]["score"] < summary["end"]["score"]
        assert summary["end"]["score"] == engine_score(org, workshop)
        page = client_for(people.viewer).get(url("workshop_outcome", workshop))
        assert page.status_code == 200
        text = page.content.decode()
        assert "Bea (Business)" in text and "Perception gap" in text
        assert url("workshop_outcome_xlsx", workshop) in text

    def test_the_xlsx_holds_the_figures(self, org: Org, people: People, workshop: Workshop) -> None:
        run_session(org, people, workshop)
        response = client_for(people.viewer).get(url("workshop_outcome_xlsx", workshop))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
        assert summary["business participants"] == 1 and summary["IT participants"] == 1
        assert summary["touch points added"] == 1
        end = workshop.outcome["summary"]["end"]
        assert summary["score at close"] == f"{end['score']} ({end['band']})"
        ratings = list(book["Ratings"].iter_rows(values_only=True))
        assert ratings[1][1:] == (5.0, 1, 2.0, 1, "perception gap")
        names = {row[0] for row in book["Participants"].iter_rows(values_only=True)}
        assert {"Bea", "Ian"} <= names

    def test_an_anonymous_outcome_has_counts_but_no_names(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        Workshop.objects.filter(pk=workshop.pk).update(anonymous=True)
        run_session(org, people, workshop)
        summary = workshop.outcome["summary"]
        assert summary["participants"]["names"] == [] and summary["participants"]["it"] == 1
        assert summary["ratings"][0]["business"] is None  # one rater: the mean stays hidden
        page = client_for(people.viewer).get(url("workshop_outcome", workshop))
        assert b"Bea" not in page.content

    def test_an_open_workshop_has_no_outcome_yet(self, people: People, workshop: Workshop) -> None:
        assert client_for(people.viewer).get(url("workshop_outcome", workshop)).status_code == 404
        xlsx = client_for(people.viewer).get(url("workshop_outcome_xlsx", workshop))
        assert xlsx.status_code == 404

    def test_the_board_and_the_list_link_to_it(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        facilitation.close(workshop)
        outcome = url("workshop_outcome", workshop).encode()
        assert outcome in client_for(people.viewer).get(board_url(workshop)).content
        listing = client_for(people.viewer).get(reverse("workshop_list", args=["acme"]))
        assert outcome in listing.content
