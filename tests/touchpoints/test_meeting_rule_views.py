"""The level rules and channel keywords edit pages: admins edit, save whole, restore."""

from typing import Any

import pytest
from django.urls import reverse

from convergence.models import AuditEntry
from tests.conftest import Org, People, client_for, personas_once_per_module
from touchpoints.meetings.rules import DEFAULT_LEVEL_RULES, channel_keywords_for, level_rules_for
from touchpoints.models import ChannelCategory, ChannelKeyword, LevelRule

pytestmark = pytest.mark.django_db

org, other_org, people = personas_once_per_module()


def url(name: str) -> str:
    return reverse(name, args=["acme"])


def formset_post(prefix: str, rows: list[dict[str, Any]], initial: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def shown_rows(response: Any) -> list[dict[str, Any]]:
    return [form.initial for form in response.context["formset"].initial_forms]


def test_the_level_page_starts_from_the_defaults(org: Org, people: People) -> None:
    response = client_for(people.admin).get(url("level_rules"))
    rows = shown_rows(response)
    assert len(rows) == len(DEFAULT_LEVEL_RULES)
    assert rows[1] == {
        "title_keywords": "head, director",
        "grades": "",
        "max_depth": 1,
        "level": "strategic",
    }
    assert b"Level rules" in response.content


def test_saving_the_defaults_with_one_edit_keeps_every_row_in_its_order(
    org: Org, people: People
) -> None:
    client = client_for(people.admin)
    shown = shown_rows(client.get(url("level_rules")))
    rows = [row | {"ORDER": order} for order, row in enumerate(shown, start=1)]
    rows[3]["ORDER"] = 0  # the catch-all moved first
    rows[3]["level"] = "tactical"
    rows.append({"title_keywords": "", "grades": "", "max_depth": "", "level": "", "ORDER": ""})
    data = formset_post(
        "rules", [{k: "" if v is None else v for k, v in r.items()} for r in rows], 4
    )
    assert client.post(url("level_rules"), data).status_code == 302
    saved = list(LevelRule.objects.filter(workspace=org.workspace).order_by("position"))
    assert [(r.position, r.level) for r in saved] == [
        (1, "tactical"),
        (2, "strategic"),
        (3, "strategic"),
        (4, "tactical"),
    ]
    assert saved[2].max_depth == 1 and saved[2].title_keywords == "head, director"
    assert level_rules_for(org.workspace)[0].title_keywords == ()
    entry = AuditEntry.objects.get(action="level_rules.saved")
    assert entry.workspace == org.workspace and entry.after == {"rows": 4, "defaults": False}


def test_a_deleted_row_goes_and_a_new_row_comes(org: Org, people: People) -> None:
    LevelRule.objects.create(workspace=org.workspace, position=1, level="strategic", grades="E1")
    rows: list[dict[str, Any]] = [
        {"grades": "E1", "level": "strategic", "ORDER": 1, "DELETE": "on"},
        {"title_keywords": "architect", "level": "tactical", "ORDER": ""},
    ]
    client_for(people.admin).post(url("level_rules"), formset_post("rules", rows, 1))
    (rule,) = LevelRule.objects.filter(workspace=org.workspace)
    assert (rule.title_keywords, rule.level, rule.position) == ("architect", "tactical", 1)


def test_a_bad_row_is_shown_with_its_error_and_nothing_is_saved(org: Org, people: People) -> None:
    rows = [{"title_keywords": "x", "max_depth": "-1", "level": "sideways", "ORDER": 1}]
    response = client_for(people.admin).post(url("level_rules"), formset_post("rules", rows, 1))
    assert response.status_code == 200
    errors = response.context["formset"].errors[0]
    assert "level" in errors and "max_depth" in errors
    assert not LevelRule.objects.filter(workspace=org.workspace).exists()


def test_restoring_the_defaults_forgets_the_table(org: Org, people: People) -> None:
    LevelRule.objects.create(workspace=org.workspace, position=1, level="strategic")
    client_for(people.admin).post(url("level_rules"), {"restore": "1"})
    assert not LevelRule.objects.filter(workspace=org.workspace).exists()
    assert level_rules_for(org.workspace) == list(DEFAULT_LEVEL_RULES)
    assert AuditEntry.objects.filter(action="level_rules.restored").count() == 1


def test_the_keyword_page_offers_only_this_workspaces_channels(org: Org, people: People) -> None:
    response = client_for(people.admin).get(url("channel_keywords"))
    form = response.context["formset"].forms[0]
    assert set(form.fields["channel"].queryset) == set(org.workspace.channels.all())
    assert form.initial["keyword"] == "CAB"


def test_keywords_are_saved_and_a_foreign_channel_is_refused(
    org: Org, other_org: Org, people: People
) -> None:
    desk = org.channel(ChannelCategory.SERVICE_DESK)
    foreign = other_org.channel(ChannelCategory.SERVICE_DESK)
    client = client_for(people.admin)
    bad = [{"keyword": "desk", "channel": foreign.pk, "ORDER": 1}]
    response = client.post(url("channel_keywords"), formset_post("keywords", bad, 0))
    assert "channel" in response.context["formset"].errors[0]
    good = [
        {"keyword": "desk", "channel": desk.pk, "min_attendees": 2, "ORDER": 2},
        {"keyword": "triage", "channel": desk.pk, "ORDER": 1},
    ]
    assert (
        client.post(url("channel_keywords"), formset_post("keywords", good, 0)).status_code == 302
    )
    saved = ChannelKeyword.objects.filter(workspace=org.workspace).order_by("position")
    assert [(k.keyword, k.min_attendees) for k in saved] == [("triage", None), ("desk", 2)]
    assert [row.keyword for row in channel_keywords_for(org.workspace)] == [" triage ", " desk "]


def test_an_upside_down_size_range_is_refused(org: Org, people: People) -> None:
    desk = org.channel(ChannelCategory.SERVICE_DESK)
    rows = [{"keyword": "x", "channel": desk.pk, "min_attendees": 9, "max_attendees": 3}]
    response = client_for(people.admin).post(
        url("channel_keywords"), formset_post("keywords", rows, 0)
    )
    assert response.context["formset"].errors[0]["__all__"]
    assert not ChannelKeyword.objects.filter(workspace=org.workspace).exists()


@pytest.mark.parametrize("name", ["level_rules", "channel_keywords"])
def test_only_admins_edit_the_tables(org: Org, people: People, name: str) -> None:
    assert client_for(people.facilitator).get(url(name)).status_code == 403
    assert client_for(people.outsider).get(url(name)).status_code == 404
    assert client_for(None).get(url(name)).status_code == 302


def test_the_setup_pages_link_the_tables(org: Org, people: People) -> None:
    client = client_for(people.admin)
    imports = client.get(reverse("import_list", args=["acme"])).content.decode()
    assert url("level_rules") in imports and url("channel_keywords") in imports
    assert (
        url("channel_keywords")
        in client.get(reverse("channel_list", args=["acme"])).content.decode()
    )
