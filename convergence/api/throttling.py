"""The API's rate limit: requests per token, counted in the cache (Redis when configured)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from convergence.tokens import Caller


class TokenRateThrottle(SimpleRateThrottle):
    """settings.API_RATE_LIMIT requests ("300/m") per token; more answer 429 with Retry-After.
    Runs after auth, so an unauthenticated request is refused (401) before it counts."""

    scope = "api_token"

    def __init__(self) -> None:
        super().__init__(settings.API_RATE_LIMIT)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        caller = getattr(request, "auth", None)
        if not isinstance(caller, Caller):
            return None
        return self.cache_format % {"scope": self.scope, "ident": caller.token.pk}

    def allow_request(self, request: HttpRequest) -> bool:
        # The rate is read at each request, so a settings override (a test) applies at once.
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
