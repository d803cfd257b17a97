"""The join-code rate limit counts clients, not the reverse proxy in front of them."""

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings

from convergence.proxies import client_address
from touchpoints.models import Workshop
from touchpoints.workshops.join_limit import MAX_WRONG_CODES

pytestmark = pytest.mark.django_db
# Documentation addresses (RFC 5737): strings in request headers, nothing is sent anywhere.
PROXY, ALICE, BOB = "192.0.2.10", "198.51.100.7", "198.51.100.8"


def address(forwarded: str | None, remote: str = PROXY) -> str:
    headers: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory(**headers).get("/"))


class TestClientAddress:
    def test_without_trusted_proxies_it_is_remote_addr_whatever_the_header_says(
        self, settings: Settings
    ) -> None:
        settings.TRUSTED_PROXY_HOPS = 0
        assert address(f"{ALICE}") == PROXY
        assert address(None) == PROXY

    def test_behind_one_proxy_it_is_the_rightmost_forwarded_address(
        self, settings: Settings
    ) -> None:
        settings.TRUSTED_PROXY_HOPS = 1
        assert address(ALICE) == ALICE
        assert address(f"{BOB}, {ALICE}") == ALICE  # BOB is what the client claimed

    def test_behind_two_proxies_it_is_the_second_from_the_right(self, settings: Settings) -> None:
        settings.TRUSTED_PROXY_HOPS = 2
        assert address(f"{BOB}, {ALICE},{PROXY}") == ALICE
        assert address("2001:db8::1, 192.0.2.99") == "2001:db8::1"

    def test_a_short_or_garbled_header_falls_back_to_remote_addr(self, settings: Settings) -> None:
        settings.TRUSTED_PROXY_HOPS = 2
        assert address(ALICE) == PROXY
        assert address(None) == PROXY
        settings.TRUSTED_PROXY_HOPS = 1
        assert address("not-an-address") == PROXY
        assert address(f"{ALICE}, ") == PROXY


def guess_wrong_codes(client: Client, forwarded: str, times: int = MAX_WRONG_CODES) -> None:
    for _ in range(times):
        response = client.post(
            reverse("join"), {"code": "WRONG234"}, headers={"X-Forwarded-For": forwarded}
        )
        assert response.status_code == 404


def join(client: Client, workshop: Workshop, forwarded: str) -> int:
    response = client.post(
        reverse("join"), {"code": workshop.join_code}, headers={"X-Forwarded-For": forwarded}
    )
    return response.status_code


class TestRateLimitBehindAProxy:
    def test_one_guessing_client_does_not_lock_out_the_others(
        self, settings: Settings, workshop: Workshop
    ) -> None:
        settings.TRUSTED_PROXY_HOPS = 1
        proxied = Client(REMOTE_ADDR=PROXY)
        guess_wrong_codes(proxied, ALICE)
        assert join(proxied, workshop, ALICE) == 429
        assert join(proxied, workshop, f"{BOB}, {ALICE}") == 429  # a forged entry changes nothing
        assert join(proxied, workshop, BOB) == 302

    def test_without_trusted_proxies_the_header_cannot_dodge_the_limit(
        self, settings: Settings, workshop: Workshop
    ) -> None:
        settings.TRUSTED_PROXY_HOPS = 0
        client = Client(REMOTE_ADDR=PROXY)
        guess_wrong_codes(client, ALICE)
        assert join(client, workshop, BOB) == 429
