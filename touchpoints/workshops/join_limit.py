"""The join limiter: wrong workshop codes counted per client address, in a fixed window."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from convergence.proxies import client_address

# Wrong codes allowed per client address per window, before joining is refused for a while.
# A whole room often shares one address (office Wi-Fi), so typos must not lock it out; with
# 31^8 possible codes, 50 guesses in ten minutes still leave guessing hopeless.
MAX_WRONG_CODES = 50
WRONG_CODE_WINDOW = 600


def client_key(request: HttpRequest) -> str:
    return f"workshop-join-failures:{client_address(request)}"


def is_blocked(request: HttpRequest) -> bool:
    return (cache.get(client_key(request)) or 0) >= MAX_WRONG_CODES


def count_wrong_code(request: HttpRequest) -> None:
    key = client_key(request)
    # add() starts the window; incr() keeps its expiry, so the window is fixed, not sliding.
    if not cache.add(key, 1, WRONG_CODE_WINDOW):
        cache.incr(key)
