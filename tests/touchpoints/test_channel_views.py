import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org, People, client_for, htmx_client_for, personas_once_per_module
from touchpoints.models import Channel, ChannelCategory

pytestmark = pytest.mark.django_db

# Built once for the module: its tests read them and leave them as they were.
org, other_org, people = personas_once_per_module()


def url(name: str = "channel_list", *args: int) -> str:
    return reverse(name, args=["acme", *args])


NEW = {"name": "Architecture board", "category": "steering_committee", "description": "Monthly"}


def test_every_member_reads_the_catalogue_with_usage(org: Org, people: People) -> None:
    org.touchpoint()
    response = client_for(people.viewer).get(url())
    uses = {channel.name: channel.uses for channel in response.context["channels"]}
    assert uses["Service desk"] == 1 and uses["Embedded team"] == 0 and len(uses) == 6


def test_its_htmx_fragment_is_the_table(org: Org, people: People) -> None:
    response = htmx_client_for(people.viewer).get(url())
    assert b"<html" not in response.content and b'id="channels"' in response.content


def test_an_admin_adds_a_channel_of_a_category(org: Org, people: People) -> None:
    assert client_for(people.admin).post(url(), NEW).status_code == 302
    channel = Channel.objects.get(workspace=org.workspace, name="Architecture board")
    assert channel.category == ChannelCategory.STEERING_COMMITTEE


def test_a_duplicate_name_or_unknown_category_is_refused(org: Org, people: People) -> None:
    client = client_for(people.admin)
    duplicate = client.post(url(), NEW | {"name": "service DESK"})
    assert "name" in duplicate.context["form"].errors
    unknown = client.post(url(), NEW | {"category": "telepathy"})
    assert "category" in unknown.context["form"].errors
    assert org.workspace.channels.count() == 6


def test_an_admin_renames_a_channel(org: Org, people: People) -> None:
    channel = org.channel(ChannelCategory.SERVICE_DESK)
    client_for(people.admin).post(url("channel_edit", channel.pk), NEW | {"name": "IT helpdesk"})
    channel.refresh_from_db()
    assert channel.name == "IT helpdesk"


def test_a_channel_in_use_is_not_deleted(org: Org, people: People) -> None:
    used = org.channel(ChannelCategory.SERVICE_DESK)
    org.touchpoint(channel=used)
    response = client_for(people.admin).post(url("channel_delete", used.pk), follow=True)
    assert b"is used by touch points" in response.content
    assert Channel.objects.filter(pk=used.pk).exists()
    unused = org.channel(ChannelCategory.EMBEDDED_TEAM)
    client_for(people.admin).post(url("channel_delete", unused.pk))
    assert not Channel.objects.filter(pk=unused.pk).exists()


def test_non_admins_get_403_and_outsiders_404(org: Org, other_org: Org, people: People) -> None:
    channel = org.channel(ChannelCategory.SERVICE_DESK)
    for user in (people.facilitator, people.manager, people.viewer):
        assert client_for(user).post(url(), NEW).status_code == 403
        assert client_for(user).get(url("channel_edit", channel.pk)).status_code == 403
        assert client_for(user).post(url("channel_delete", channel.pk)).status_code == 403
    assert client_for(people.outsider).get(url()).status_code == 404
    theirs = other_org.channel(ChannelCategory.SERVICE_DESK)
    assert client_for(people.admin).get(url("channel_edit", theirs.pk)).status_code == 404
    assert client_for(people.admin).post(url("channel_delete", theirs.pk)).status_code == 404
    assert client_for(None).get(url()).status_code == 302
    assert org.workspace.channels.count() == 6 and other_org.workspace.channels.count() == 6


def test_the_catalogue_runs_a_fixed_number_of_queries(
    org: Org, people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(people.viewer)
    with django_assert_max_num_queries(5) as few:
        client.get(url())
    for n in range(10):
        Channel.objects.create(workspace=org.workspace, name=f"C{n}", category="sla_review")
        org.touchpoint()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url())
