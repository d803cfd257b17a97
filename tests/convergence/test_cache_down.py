"""With Redis unreachable every page that uses the cache still answers: it computes uncached."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.assessments.test_dashboard_views import PANELS
from tests.conftest import Org, People, client_for
from tests.workshops.conftest import live_workshop


@pytest.fixture
def cache_down(settings: Any) -> None:
    """The real cache backend, pointed at a port where no Redis listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "convergence.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.DASHBOARD_CACHE_SECONDS = 60


@pytest.mark.parametrize("name", PANELS)
def test_dashboard_pages_answer_uncached(
    cache_down: None, org: Org, people: People, name: str
) -> None:
    org.touchpoint()
    response = client_for(people.manager).get(reverse(name, args=[org.workspace.slug]))
    assert response.status_code == 200


def test_joining_a_workshop_works_and_wrong_codes_are_refused(
    cache_down: None, org: Org, caplog: pytest.LogCaptureFixture
) -> None:
    workshop = live_workshop(org)
    client = client_for(None)
    assert client.get(reverse("join")).status_code == 200
    wrong = client.post(reverse("join"), {"code": "ZZZZ-ZZZZ"})
    assert wrong.status_code == 404
    assert "Cache unavailable" in caplog.text
    right = client.post(reverse("join"), {"code": workshop.join_code})
    assert right["Location"] == reverse("join_workshop", args=[workshop.join_code])
    assert client.get(right["Location"]).status_code == 200
    joined = client.post(right["Location"], {"name": "Pat", "side": "business"})
    assert joined["Location"] == reverse("participant_home", args=[workshop.join_code])


def test_the_backend_answers_every_call_as_a_miss(cache_down: None) -> None:
    cache.set("k", 1)
    assert cache.get("k", "default") == "default"
    assert cache.add("k", 1) is False
    assert cache.incr("k") == 0
    assert cache.get_many(["k"]) == {}
    assert cache.get_or_set("k", 5) == 5
    assert cache.delete("k") is False
