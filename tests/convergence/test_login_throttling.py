"""200 wrong passwords in a row, then the right one: the account is locked, the page says why,
and an admin unlocks it."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.conftest import PASSWORD, People, client_for


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7") -> int:
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code


def test_two_hundred_wrong_passwords_then_the_right_one_is_refused(
    people: People, settings: Settings
) -> None:
    client = Client()
    codes = [sign_in(client, "vera", f"guess-{n}") for n in range(200)]
    assert codes[:9] == [200] * 9  # the form again, "didn't match"
    assert set(codes[10:]) == {429}
    locked = client.post(
        reverse("login"), {"username": "vera", "password": PASSWORD}, REMOTE_ADDR="198.51.100.9"
    )
    assert locked.status_code == 429
    assert b"Sign-in paused" in locked.content and b"15 minutes" in locked.content
    assert b"ask an administrator" in locked.content
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_paused_too(people: People) -> None:
    client = Client()
    for n in range(10):
        sign_in(client, f"someone-{n}", "wrong", address="192.0.2.50")
    assert sign_in(client, "mark", PASSWORD, address="192.0.2.50") == 429
    assert sign_in(Client(), "mark", PASSWORD, address="192.0.2.51") == 302


def test_a_right_password_before_the_limit_resets_the_count(people: People) -> None:
    client = Client()
    for _ in range(9):
        sign_in(client, "fiona", "wrong")
    assert sign_in(client, "fiona", PASSWORD) == 302
    assert sign_in(Client(), "fiona", "wrong") == 200


def test_an_admin_unlocks_the_account_in_the_django_admin(people: People) -> None:
    for n in range(12):
        sign_in(Client(), "vera", f"guess-{n}")
    assert sign_in(Client(), "vera", PASSWORD, address="198.51.100.9") == 429
    root = User.objects.create_superuser("root", password="x")
    attempts = AccessAttempt.objects.filter(username="vera")
    listing = client_for(root).get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and b"vera" in listing.content
    delete = {"action": "delete_selected", "_selected_action": [a.pk for a in attempts]}
    delete["post"] = "yes"
    assert client_for(root).post("/admin/axes/accessattempt/", delete).status_code == 302
    assert sign_in(Client(), "vera", PASSWORD) == 302
