"""Password reset and change (Django's views, the house's pages), and passwords switched off."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.conftest import PASSWORD, Org, People, client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase"


def signs_in(username: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def reset_link(email: str) -> str:
    response = Client().post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    found = re.search(r"https?://[^/\s]+(/password/reset/\S+/)", str(message.body))
    assert found is not None, message.body
    return found.group(1)


@pytest.fixture
def vera(people: People) -> User:
    people.viewer.email = "vera@acme.example"
    people.viewer.save()
    return people.viewer


def test_the_login_page_links_to_the_reset(db: None) -> None:
    page = Client().get(reverse("login"))
    assert reverse("password_reset").encode() in page.content
    assert b"Sign in with" not in page.content  # no single sign-on configured


def test_a_reset_mail_sets_a_new_password(org: Org, vera: User) -> None:
    link = reset_link("vera@acme.example")
    assert mail.outbox[0].to == ["vera@acme.example"]
    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    done = client.post(form_page.redirect_chain[-1][0], data)
    assert done["Location"] == reverse("password_reset_complete")
    assert signs_in("vera", NEW_PASSWORD) and not signs_in("vera", PASSWORD)


def test_a_reset_link_works_once(org: Org, vera: User) -> None:
    link = reset_link("vera@acme.example")
    client = Client()
    target = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(target, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link, follow=True)
    assert not again.context["validlink"] and b"does not work any more" in again.content


def test_an_unknown_address_gets_no_mail_and_the_same_answer(org: Org, vera: User) -> None:
    response = Client().post(reverse("password_reset"), {"email": "nobody@acme.example"})
    assert response["Location"] == reverse("password_reset_done") and not mail.outbox


def test_an_account_without_a_password_gets_no_reset_mail(org: Org, vera: User) -> None:
    vera.set_unusable_password()
    vera.save()
    Client().post(reverse("password_reset"), {"email": "vera@acme.example"})
    assert not mail.outbox


def test_a_signed_in_user_changes_their_password(org: Org, people: People) -> None:
    client = client_for(people.viewer)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and b"Change your password" in page.content
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(reverse("password_change"), data)
    assert response["Location"] == reverse("password_change_done")
    assert signs_in("vera", NEW_PASSWORD)


def test_the_account_menu_links_to_the_password_page(org: Org, people: People) -> None:
    page = client_for(people.viewer).get(reverse("home"))
    assert f'href="{reverse("password_change")}"'.encode() in page.content


def test_changing_the_password_needs_the_old_one(org: Org, people: People) -> None:
    data = {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client_for(people.viewer).post(reverse("password_change"), data)
    assert response.status_code == 200 and "old_password" in response.context["form"].errors


def test_an_sso_account_is_told_it_has_no_password_here(org: Org, people: People) -> None:
    people.viewer.set_unusable_password()
    people.viewer.save()
    page = client_for(people.viewer).get(reverse("password_change"))
    assert b"has no password here" in page.content


def test_anonymous_people_log_in_to_change_a_password(db: None) -> None:
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


class TestWithPasswordsOff:
    @pytest.fixture(autouse=True)
    def passwords_off(self, settings: Settings) -> None:
        settings.LOCAL_PASSWORDS = False
        settings.OIDC_RP_CLIENT_ID = "convergence"

    def test_the_login_page_shows_only_single_sign_on(self, db: None) -> None:
        page = Client().get(reverse("login"))
        assert b"Sign in with single sign-on" in page.content
        assert b'name="password"' not in page.content
        assert reverse("password_reset").encode() not in page.content

    def test_a_password_is_refused(self, org: Org, people: People) -> None:
        client = Client()
        response = client.post(reverse("login"), {"username": "vera", "password": PASSWORD})
        assert response.status_code == 403 and b"Passwords are switched off" in response.content
        assert client.get(reverse("home"))["Location"].startswith("/login/")

    def test_reset_and_change_say_so_and_send_nothing(self, org: Org, vera: User) -> None:
        reset = Client().post(reverse("password_reset"), {"email": "vera@acme.example"})
        assert reset.status_code == 403 and b"Passwords are switched off" in reset.content
        assert not mail.outbox
        change = client_for(vera).get(reverse("password_change"))
        assert change.status_code == 403 and b"Passwords are switched off" in change.content

    def test_a_superuser_still_signs_in_at_the_admin(self, db: None) -> None:
        User.objects.create_superuser("root", "root@example.org", PASSWORD)
        client = Client()
        data = {"username": "root", "password": PASSWORD, "next": "/admin/"}
        assert client.post("/admin/login/", data)["Location"] == "/admin/"
        assert client.get(reverse("home")).status_code == 200

    def test_staff_who_are_not_superusers_do_not(self, org: Org, people: People) -> None:
        people.admin.is_staff = True
        people.admin.save()
        data = {"username": "alice", "password": PASSWORD, "next": "/admin/"}
        assert Client().post("/admin/login/", data).status_code == 200  # the form again
