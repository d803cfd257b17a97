"""The survey answer limiter: answer posts counted per client address, in a fixed window."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from convergence.proxies import client_address

ANSWER_WINDOW = 600


def _key(request: HttpRequest) -> str:
    return f"survey-answers:{client_address(request)}"


def over_limit(request: HttpRequest) -> bool:
    """Count this post; True once the address has posted more than the window allows."""
    key = _key(request)
    # add() starts the window; incr() keeps its expiry, so the window is fixed, not sliding.
    count = 1 if cache.add(key, 1, ANSWER_WINDOW) else cache.incr(key)
    return count > settings.SURVEY_ANSWERS_PER_WINDOW
