"""The join limiter counts IPv6 clients by their /64, and lets a room behind one address in
after a short, growing wait instead of locking it out."""

from __future__ import annotations

import time

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from touchpoints.models import Workshop
from touchpoints.workshops.join_limit import MAX_WRONG_CODES


def post_code(code: str, address: str) -> HttpResponse:
    return Client(REMOTE_ADDR=address).post(reverse("join"), {"code": code})  # type: ignore[return-value]  # the test client's response type is private to django-stubs


def test_rotating_ipv6_addresses_within_a_64_does_not_escape_the_limit(
    workshop: Workshop,
) -> None:
    for n in range(MAX_WRONG_CODES):
        assert post_code("WRONG234", f"2001:db8:1:2::{n + 1:x}").status_code == 404
    assert post_code(workshop.join_code, "2001:db8:1:2:ffff::9").status_code == 429
    assert post_code(workshop.join_code, "2001:db8:1:3::1").status_code == 302


def test_a_room_behind_one_address_waits_seconds_not_minutes(workshop: Workshop) -> None:
    office = "198.51.100.20"
    for _ in range(MAX_WRONG_CODES):
        post_code("WRONG234", office)
    refused = post_code(workshop.join_code, office)
    assert refused.status_code == 429 and refused["Retry-After"] == "1"
    assert b"Wait 1 second and try again" in refused.content
    time.sleep(1.1)
    assert post_code(workshop.join_code, office).status_code == 302
    # Each wrong code past the limit doubles the wait: a guesser soon gets one try a minute.
    assert post_code("WRONG234", office).status_code == 404
    assert post_code(workshop.join_code, office)["Retry-After"] == "2"


def test_an_ipv4_mapped_address_counts_as_its_ipv4_address(workshop: Workshop) -> None:
    for _ in range(MAX_WRONG_CODES):
        post_code("WRONG234", "::ffff:192.0.2.7")
    assert post_code(workshop.join_code, "192.0.2.7").status_code == 429
