"""The projector (code, QR code, short link, counters) and the participant's phone page."""

import pytest
from django.urls import reverse

from tests.conftest import Org, People, client_for
from tests.workshops.conftest import board_url, live_url, participant_client, url
from touchpoints.models import Level, Side, State, Workshop, WorkshopPhase

pytestmark = pytest.mark.django_db


class TestProjector:
    def test_it_shows_the_code_a_qr_code_of_the_join_link_and_the_counters(
        self, org: Org, people: People, workshop: Workshop
    ) -> None:
        touch_point = org.touchpoint()
        participant_client(workshop, "Pat")
        Workshop.objects.filter(pk=workshop.pk).update(phase=WorkshopPhase.RATE)
        sam = participant_client(workshop, "Sam", Side.IT)
        sam.post(live_url("participant_rate", workshop, touch_point.pk), {"score": "3"})
        response = client_for(people.viewer).get(board_url(workshop) + "?projector=1")
        content = response.content.decode()
        join = reverse("join_workshop", args=[workshop.join_code])
        assert 'class="join-code big-code"' in content and workshop.join_code in content
        assert f"testserver{join}".rstrip("/") in content
        assert '<svg role="img" aria-label="QR code of the join link"' in content
        assert response.context["participant_count"] == 2
        assert response.context["rating_count"] == 1 and response.context["proposal_count"] == 0
        # No facilitator control, no emoji on the wall.
        assert "Facilitator controls" not in content and "⏱" not in content

    def test_the_qr_code_encodes_the_join_link(self, people: People, workshop: Workshop) -> None:
        from convergence.qr import qr_svg

        link = f"http://testserver{reverse('join_workshop', args=[workshop.join_code])}"
        response = client_for(people.viewer).get(board_url(workshop) + "?projector=1")
        assert qr_svg(link, "QR code of the join link") in response.content.decode()


class TestPhonePage:
    def test_propose_comes_first_then_rate_then_mine(self, org: Org, workshop: Workshop) -> None:
        content = participant_client(workshop).get(live_url("participant_home", workshop))
        text = content.content.decode()
        assert text.index('id="propose"') < text.index('id="rate"') < text.index('id="mine"')
        assert 'href="#propose"' in text and 'href="#mine"' in text

    def test_desired_touch_points_are_not_rated_and_progress_counts_the_rest(
        self, org: Org, workshop: Workshop
    ) -> None:
        current = org.touchpoint()
        desired = org.touchpoint(
            state=State.DESIRED, level=Level.STRATEGIC, channel=None, frequency=""
        )
        Workshop.objects.filter(pk=workshop.pk).update(phase=WorkshopPhase.RATE)
        pat = participant_client(workshop)
        response = pat.post(
            live_url("participant_rate", workshop, current.pk),
            {"score": "4"},
            headers={"HX-Request": "true"},
        )
        text = response.content.decode()
        assert "You rated 1 of 1" in text and "Saved: 4/5" in text
        assert live_url("participant_rate", workshop, desired.pk) not in text
        assert "Desired: not rated" in text
        refused = pat.post(live_url("participant_rate", workshop, desired.pk), {"score": "2"})
        assert refused.status_code in {302, 409}

    def test_a_sent_proposal_is_confirmed_and_listed_at_once(
        self, org: Org, workshop: Workshop
    ) -> None:
        pat = participant_client(workshop)
        data = {
            "state": "current",
            "business_unit": org.sales.pk,
            "it_team": org.apps.pk,
            "level": Level.TACTICAL,
        }
        sent = pat.post(
            live_url("participant_propose", workshop), data, headers={"HX-Request": "true"}
        )
        assert b"Sent to the facilitator: Sales" in sent.content
        assert sent["HX-Trigger"] == "workshop-changed"
        page = pat.get(live_url("participant_home", workshop)).content.decode()
        assert "sent, waiting for the facilitator" in page


class TestIcons:
    def test_the_board_draws_icons_as_svg_not_characters(
        self, people: People, workshop: Workshop
    ) -> None:
        client_for(people.facilitator).post(url("workshop_timer", workshop), {"minutes": "5"})
        client_for(people.facilitator).post(url("workshop_lock", workshop), {"locked": "1"})
        text = client_for(people.facilitator).get(board_url(workshop)).content.decode()
        assert "lucide-timer" in text and "lucide-lock" in text
        for glyph in ("⏱", "🔒"):
            assert glyph not in text
