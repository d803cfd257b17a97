"""The loopback OpenID provider as a pytest fixture, and a relying party's walk through it.

`openid_provider` starts `python -m tests.openid_provider.serve` once per session (127.0.0.1,
an ephemeral port, a SQLite file in a temporary folder) and registers Convergence's client;
`sign_in` walks a Django test client through the authorization code flow the way a browser
would: our /oidc/authenticate/, the provider's login form and authorize endpoint, our callback
(which then talks to the provider's token, JWKS and userinfo endpoints over real HTTP).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "convergence", "loopback-client-secret"
TEST_CLIENT_CALLBACK = "http://testserver/oidc/callback/"


@dataclass
class Provider:
    url: str
    database: Path

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def manage(self, *args: str) -> None:
        """Run one of the provider's management commands against its database."""
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.openid_provider.settings",
            "OP_DATABASE": str(self.database),
        }
        subprocess.run(
            [sys.executable, "-m", "django", *args],
            env=environment,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )

    def user(self, username: str, password: str, email: str, groups: list[str]) -> None:
        """Create the provider's user, or give it exactly these groups now."""
        self.manage("op_user", username, password, email, *[f"--group={g}" for g in groups])

    def register(self, *redirect_uris: str) -> None:
        """Convergence's client, allowed to come back to these callbacks (and the test client's)."""
        uris = [TEST_CLIENT_CALLBACK, *redirect_uris]
        self.manage("op_client", CLIENT_ID, CLIENT_SECRET, *[f"--redirect-uri={u}" for u in uris])


@pytest.fixture(scope="session")
def openid_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    folder = tmp_path_factory.mktemp("openid-provider")
    database = folder / "provider.sqlite3"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.openid_provider.settings",
        "OP_DATABASE": str(database),
    }
    with (folder / "server.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.openid_provider.serve"],
            env=environment,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.match(r"listening on (http://127\.0\.0\.1:\d+)", line)
    if found is None:
        process.kill()
        pytest.fail(f"The provider did not start: {(folder / 'server.log').read_text()}")
    provider = Provider(found.group(1), database)
    provider.register()
    yield provider
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso(settings: Any, openid_provider: Provider) -> Provider:
    """Single sign-on switched on against the loopback provider (endpoints by discovery)."""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_URL = openid_provider.discovery_url
    return openid_provider


def form_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found is not None, html
    return found.group(1)


def provider_login(browser: requests.Session, login_url: str, username: str, password: str) -> str:
    """Fill in the provider's login form; the answer sends us on to its authorize endpoint."""
    page = browser.get(login_url, timeout=10)
    next_url = re.search(r'name="next" value="([^"]*)"', page.text)
    data = {
        "username": username,
        "password": password,
        "csrfmiddlewaretoken": form_token(page.text),
        "next": next_url.group(1).replace("&amp;", "&") if next_url else "",
    }
    answer = browser.post(page.url, data=data, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, f"The provider refused {username}: {answer.text[:300]}"
    return urljoin(page.url, answer.headers["Location"])


def to_our_callback(browser: requests.Session, url: str, username: str, password: str) -> str:
    """Follow the provider's redirects (logging in once) until one points back at us."""
    for _ in range(6):
        if url.startswith("http://testserver/"):
            return url.removeprefix("http://testserver")
        answer = browser.get(url, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text[:300]
        location = urljoin(url, answer.headers["Location"])
        login = "/login/" in location and not location.startswith("http://testserver/")
        url = provider_login(browser, location, username, password) if login else location
    raise AssertionError(f"The provider never sent us back: {url}")


def sign_in(client: Client, username: str, password: str, next_url: str = "/") -> Any:
    """The whole code flow for `client`; returns our callback's answer (a redirect)."""
    start = client.get("/oidc/authenticate/", {"next": next_url})
    assert start.status_code == 302, start.content[:300]
    callback = to_our_callback(requests.Session(), start["Location"], username, password)
    return client.get(callback)
