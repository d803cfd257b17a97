"""The join limiter: wrong workshop codes counted per client network, with a growing wait.

A whole room often shares one address (office Wi-Fi), so typos must not lock it out: the first
MAX_WRONG_CODES wrong codes in a window cost nothing, each one after that makes the network wait
twice as long as the one before (1 s, 2 s, 4 s ... at most MAX_WAIT), and a person who waits
gets in. A guesser gets about one try a minute then: with 31^8 possible codes, hopeless. IPv6
clients count by their /64 (one subscriber's network), so rotating addresses within it changes
nothing. Without Redis the cache counts nothing and the limiter is open (the cache logs it).
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache
from django.http import HttpRequest

from convergence.proxies import client_network

MAX_WRONG_CODES = 50
WRONG_CODE_WINDOW = 600
MAX_WAIT = 60


def client_key(request: HttpRequest) -> str:
    return f"workshop-join-failures:{client_network(request)}"


def wait_seconds(request: HttpRequest) -> int:
    """How long this network must wait before its next code is looked at (0: not at all)."""
    until = cache.get(f"{client_key(request)}:until") or 0
    return max(0, math.ceil(until - time.time()))


def is_blocked(request: HttpRequest) -> bool:
    return wait_seconds(request) > 0


def count_wrong_code(request: HttpRequest) -> None:
    key = client_key(request)
    # add() starts the window; incr() keeps its expiry, so the window is fixed, not sliding.
    count = 1 if cache.add(key, 1, WRONG_CODE_WINDOW) else cache.incr(key)
    if count >= MAX_WRONG_CODES:
        wait = min(2 ** (count - MAX_WRONG_CODES), MAX_WAIT)
        cache.set(f"{key}:until", time.time() + wait, WRONG_CODE_WINDOW)
