"""The audit log: each administrative action leaves one entry, nothing edits one, admins read,
filter and export their own workspace's entries only."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.slope import tables
from convergence import audit
from convergence.models import AuditEntry, Membership, Role
from tests.conftest import Org, People, client_for, make_user
from tests.touchpoints.test_import_plan import HEADER
from touchpoints.importing import apply_import
from touchpoints.models import ChannelCategory, ImportJob, ImportMode

COMMUNITY = ChannelCategory.COMMUNITY_OF_PRACTICE

pytestmark = pytest.mark.django_db


def actions(org: Org) -> list[str]:
    return list(
        AuditEntry.objects.filter(workspace=org.workspace)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def last(org: Org) -> AuditEntry:
    return AuditEntry.objects.filter(workspace=org.workspace).latest("pk")


def test_an_entry_is_written_once_and_never_edited_nor_deleted(org: Org, people: People) -> None:
    entry = audit.record(workspace=org.workspace, actor=people.admin, action="thing.done")
    assert (entry.actor_label, entry.before, entry.after) == ("alice", {}, {})
    entry.target = "changed"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(target="changed")
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).target == ""


def test_the_actors_name_stays_after_the_account_goes_and_entries_go_with_the_workspace(
    org: Org, people: People
) -> None:
    entry = audit.record(workspace=org.workspace, actor=people.admin, action="thing.done")
    people.admin.delete()
    entry.refresh_from_db()
    assert entry.actor is None and entry.actor_label == "alice"
    org.workspace.delete()
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()


def test_members_added_role_changed_and_removed_are_recorded(org: Org, people: People) -> None:
    client = client_for(people.admin)
    slug = org.workspace.slug
    client.post(
        reverse("member_list", args=[slug]),
        {"username": "newbie", "role": "viewer", "password": "a-Long-passw0rd!"},
    )
    newbie = Membership.objects.get(workspace=org.workspace, user__username="newbie")
    client.post(reverse("member_role", args=[slug, newbie.pk]), {"role": "manager"})
    client.post(reverse("member_remove", args=[slug, newbie.pk]))
    assert actions(org) == ["member.added", "member.role_changed", "member.removed"]
    changed = AuditEntry.objects.get(workspace=org.workspace, action="member.role_changed")
    assert (changed.actor_label, changed.target) == ("alice", "newbie")
    assert (changed.before, changed.after) == ({"role": "viewer"}, {"role": "manager"})
    assert last(org).before == {"role": "manager"}


def test_a_refused_change_leaves_no_entry(org: Org, people: People) -> None:
    alone = Membership.objects.get(workspace=org.workspace, user=people.admin)
    client_for(people.admin).post(
        reverse("member_role", args=[org.workspace.slug, alone.pk]), {"role": "viewer"}
    )
    assert Membership.objects.get(pk=alone.pk).role == Role.ADMIN
    assert actions(org) == []


def test_channel_edits_record_before_and_after(org: Org, people: People) -> None:
    client = client_for(people.admin)
    slug = org.workspace.slug
    client.post(
        reverse("channel_list", args=[slug]),
        {"name": "Guild", "category": COMMUNITY, "description": ""},
    )
    guild = org.workspace.channels.get(name="Guild")
    client.post(
        reverse("channel_edit", args=[slug, guild.pk]),
        {
            "name": "Data guild",
            "category": COMMUNITY,
            "description": "",
        },
    )
    client.post(reverse("channel_delete", args=[slug, guild.pk]))
    assert actions(org) == ["channel.created", "channel.changed", "channel.deleted"]
    changed = AuditEntry.objects.get(workspace=org.workspace, action="channel.changed")
    assert (changed.before, changed.after) == ({"name": "Guild"}, {"name": "Data guild"})
    assert last(org).before == {
        "name": "Data guild",
        "category": COMMUNITY,
    }


def test_recommendation_texts_record_only_the_rules_that_changed(org: Org, people: People) -> None:
    url = reverse("recommendation_texts", args=[org.workspace.slug])
    texts = dict(tables.RECOMMENDATIONS)
    client_for(people.admin).post(url, texts)
    assert actions(org) == []  # saving the defaults unchanged changes nothing
    rule = next(iter(texts))
    client_for(people.admin).post(url, {**texts, rule: "Meet monthly."})
    entry = last(org)
    assert entry.action == "recommendations.changed"
    assert (entry.before, entry.after) == ({rule: texts[rule]}, {rule: "Meet monthly."})


def test_scheduling_a_report_is_recorded(org: Org, people: People) -> None:
    client_for(people.admin).post(
        reverse("report_schedules", args=[org.workspace.slug]), {"weekly": "on"}
    )
    entry = last(org)
    assert entry.action == "report_schedule.changed"
    assert (entry.before, entry.after) == ({"weekly": False}, {"weekly": True})


def test_marking_a_unit_it_is_recorded_with_its_code(org: Org, people: People) -> None:
    client_for(people.admin).post(
        reverse("unit_side", args=[org.workspace.slug, org.sales.pk]), {"side_mark": "it"}
    )
    entry = last(org)
    assert (entry.action, entry.target) == ("unit.side_marked", "1 unit")
    assert entry.after == {"side_mark": "it", "codes": ["S"]}


def test_an_applied_import_is_recorded_with_who_uploaded_it_and_its_counts(
    org: Org, people: People
) -> None:
    text = HEADER + "S,Revenue,G,London\n"
    job = ImportJob.objects.create(
        workspace=org.workspace,
        data=text.encode(),
        filename="chart.csv",
        mode=ImportMode.ADD_UPDATE,
        created_by=people.admin,
    )
    plan = apply_import(job)
    entry = last(org)
    assert (entry.action, entry.actor_label, entry.target) == (
        "import.applied",
        "alice",
        f"#{job.pk} chart.csv",
    )
    assert entry.after == {"mode": ImportMode.ADD_UPDATE, "counts": plan.counts()}


def test_admins_read_their_own_workspace_entries_only(
    org: Org, other_org: Org, people: People
) -> None:
    audit.record(workspace=org.workspace, actor=people.admin, action="member.added", target="x")
    audit.record(
        workspace=other_org.workspace,
        actor=people.outsider,
        action="member.added",
        target="secret-of-other",
    )
    page = client_for(people.admin).get(reverse("audit_log", args=[org.workspace.slug]))
    assert page.status_code == 200
    assert b"member.added" in page.content and b"secret-of-other" not in page.content


def test_filters_by_action_actor_and_dates(org: Org, people: People) -> None:
    bob = make_user("bob", org.workspace, Role.ADMIN)
    audit.record(workspace=org.workspace, actor=people.admin, action="channel.created", target="A")
    audit.record(workspace=org.workspace, actor=bob, action="member.added", target="B")
    audit.record(workspace=org.workspace, actor=bob, action="channel.created", target="D")
    url = reverse("audit_log", args=[org.workspace.slug])
    client = client_for(people.admin)

    def targets(**query: str) -> list[str]:
        return [entry.target for entry in client.get(url, query).context["page"].object_list]

    assert targets() == ["D", "B", "A"]
    assert targets(action="channel.created") == ["D", "A"]
    assert targets(actor="bo") == ["D", "B"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert targets(since=tomorrow) == []
    assert targets(until=timezone.localdate().isoformat()) == ["D", "B", "A"]
    assert targets(action="no.such", since="not a date") == ["D", "B", "A"]  # ignored, no 500


def test_the_export_is_the_filtered_log_as_csv_with_formulas_neutralised(
    org: Org, people: People
) -> None:
    audit.record(
        workspace=org.workspace,
        actor=people.admin,
        action="channel.created",
        target='=HYPERLINK("http://x")',
        after={"name": "Guild"},
    )
    audit.record(workspace=org.workspace, actor=people.admin, action="member.added", target="m")
    url = reverse("audit_export", args=[org.workspace.slug])
    response = client_for(people.admin).get(url, {"action": "channel.created"})
    assert response["Content-Type"] == "text/csv"
    assert 'filename="acme-audit-log.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]  # a StreamingHttpResponse
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["When (UTC)", "Who", "Action", "What", "Before", "After"]
    assert [row[1:] for row in rows[1:]] == [
        ["alice", "channel.created", '\'=HYPERLINK("http://x")', "{}", '{"name": "Guild"}']
    ]


def test_the_settings_page_links_every_admin_page(org: Org, people: People) -> None:
    page = client_for(people.admin).get(reverse("workspace_settings", args=[org.workspace.slug]))
    for name in (
        "member_list",
        "group_mapping_list",
        "person_list",
        "people_upload",
        "import_list",
        "channel_list",
        "meeting_imports",
        "level_rules",
        "channel_keywords",
        "recommendation_texts",
        "report_schedules",
        "api_tokens",
        "webhook_list",
        "audit_log",
    ):
        assert reverse(name, args=[org.workspace.slug]).encode() in page.content
