"""The meeting import job on generated calendar files: read by the real reader, classified by
the workspace's rule tables, run as the worker runs it; re-run, failed, retried, swept."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.test import TestCase

from tests.conftest import Org
from tests.meetings.calendars import (
    OutlookRow,
    declined,
    ics_bytes,
    meeting,
    outlook_csv_bytes,
    room,
    zip_bytes,
)
from tests.meetings.organisation import Staff, staff_of
from touchpoints.meetings import tasks, wiring
from touchpoints.meetings.jobs import store_upload, summary_lines
from touchpoints.meetings.occurrence import SkipReport
from touchpoints.meetings.store import UNKNOWN
from touchpoints.models import (
    ChannelCategory,
    Meeting,
    MeetingImport,
    MeetingImportFile,
    MeetingImportStatus,
    Suggestion,
    TitlePolicy,
)

pytestmark = pytest.mark.django_db
SINCE, UNTIL = date(2026, 1, 1), date(2026, 6, 30)
HOUR = timedelta(hours=1)


@pytest.fixture
def staff(org: Org) -> Staff:
    return staff_of(org)


def calendars(staff: Staff) -> list[tuple[str, bytes]]:
    """Recurring and one-off meetings in three time zones, with a cancelled and a moved
    occurrence, a declined attendee, a room and people the directory does not know."""
    e = staff.email
    steering = meeting(
        "steer@acme",
        "IT steering committee",
        datetime(2026, 1, 5, 9),
        duration=HOUR,
        organizer=e("cio"),
        attendees=[e("cfo"), e("fin_head"), e("apps_manager"), room("room1@acme.test")],
        rrule="FREQ=WEEKLY;COUNT=10",
        tz="Europe/Brussels",
        cancelled=[datetime(2026, 1, 19, 9)],
        moved={datetime(2026, 1, 26, 9): datetime(2026, 1, 27, 15)},
    )
    standup = meeting(
        "stand@acme",
        "Sales stand-up",
        datetime(2026, 2, 2, 9, 30),
        duration=timedelta(minutes=15),
        organizer=e("apps_dev"),
        attendees=[e("sales_rep"), e("sales_rep2"), "guest@vendor.example"],
        rrule="FREQ=DAILY;COUNT=10",
        tz="America/New_York",
    )
    one_off = meeting(
        "once@acme",
        "Laptop question",
        datetime(2026, 3, 3, 14),
        duration=HOUR,
        organizer=e("fin_analyst"),
        attendees=[e("infra_eng"), declined(e("cfo"))],
        tz="Asia/Tokyo",
    )
    sales_only = meeting(
        "sales@acme",
        "Sales kick-off",
        datetime(2026, 3, 4, 10),
        duration=HOUR,
        organizer=e("sales_director"),
        attendees=[e("sales_rep")],
    )
    outside = meeting(
        "old@acme",
        "Last year's review",
        datetime(2025, 6, 1, 10),
        duration=HOUR,
        organizer=e("cfo"),
        attendees=[e("cio")],
    )
    return [
        ("board.ics", ics_bytes(steering, outside)),
        (
            "teams.zip",
            zip_bytes(
                {"standup.ics": ics_bytes(standup), "misc.ics": ics_bytes(one_off, sales_only)}
            ),
        ),
    ]


def imported(
    staff: Staff, files: list[tuple[str, bytes]], policy: str = TitlePolicy.KEEP
) -> MeetingImport:
    job = store_upload(staff.org.workspace, files, since=SINCE, until=UNTIL, title_policy=policy)
    assert tasks.import_meetings(job.pk) == "done"
    job.refresh_from_db()
    return job


def keys(org: Org) -> dict[tuple[str, str, str], Suggestion]:
    rows = Suggestion.objects.filter(workspace=org.workspace).select_related(
        "business_unit", "it_team"
    )
    return {(s.business_unit.name, s.it_team.name, s.level): s for s in rows}


def test_generated_calendars_suggest_the_right_pairs_levels_channels_and_frequencies(
    staff: Staff, org: Org
) -> None:
    job = imported(staff, calendars(staff))
    assert (job.status, job.progress, job.error) == (MeetingImportStatus.DONE, 100, "")
    found = keys(org)
    assert set(found) == {
        ("Finance", "IT", "strategic"),
        ("Finance", "Apps", "tactical"),
        ("Sales", "Apps", "operational"),
        ("Finance", "Infra", "operational"),
    }
    steering = found[("Finance", "IT", "strategic")]
    # Ten weekly occurrences, one cancelled: nine, the moved one at its new time.
    assert (steering.meeting_count, steering.frequency) == (9, "weekly")
    assert steering.channel == org.channel(ChannelCategory.STEERING_COMMITTEE)
    moved = Meeting.objects.filter(uid="steer@acme", start=datetime(2026, 1, 27, 14, tzinfo=UTC))
    assert moved.exists()
    standup = found[("Sales", "Apps", "operational")]
    assert (standup.meeting_count, standup.frequency) == (10, "daily")
    assert standup.channel == org.channel(ChannelCategory.EMBEDDED_TEAM)
    assert standup.first_seen == datetime(2026, 2, 2, 14, 30, tzinfo=UTC)  # 9:30 in New York
    one_off = found[("Finance", "Infra", "operational")]
    assert (one_off.meeting_count, one_off.frequency) == (1, "ad_hoc")
    assert one_off.first_seen == datetime(2026, 3, 3, 5, tzinfo=UTC)  # 14:00 in Tokyo
    # The declined CFO is not at the one-off meeting.
    assert one_off.business_people == 1
    assert not Meeting.objects.filter(uid__in=["sales@acme", "old@acme"]).exists()


def test_the_summary_counts_what_was_kept_and_skipped(staff: Staff, org: Org) -> None:
    job = imported(staff, calendars(staff))
    assert job.counts["new"] == 9 + 10 + 1
    assert job.counts["no_pair"] == 1
    assert job.skipped[UNKNOWN] == {"count": 1, "examples": ["guest@vendor.example"]}
    lines = summary_lines(job)
    assert "20 meetings kept (business and IT people together)" in lines
    assert "1 person not in the directory" in lines
    assert f"skipped, {UNKNOWN}: 1 (guest@vendor.example)" in lines
    # The calendars themselves are gone once read.
    assert not MeetingImportFile.objects.filter(job=job).exists()


def test_a_second_import_of_the_same_files_changes_nothing(staff: Staff, org: Org) -> None:
    imported(staff, calendars(staff))
    meetings = list(Meeting.objects.order_by("pk").values_list("pk", "uid", "start"))
    before = {k: (s.pk, s.updated_at) for k, s in keys(org).items()}
    again = imported(staff, calendars(staff))
    assert (again.counts["new"], again.counts["already_imported"]) == (0, 20)
    assert list(Meeting.objects.order_by("pk").values_list("pk", "uid", "start")) == meetings
    assert {k: (s.pk, s.updated_at) for k, s in keys(org).items()} == before


def test_outlook_csv_names_people_by_display_name(staff: Staff, org: Org) -> None:
    row = OutlookRow(
        "Service review",
        datetime(2026, 4, 7, 10),
        datetime(2026, 4, 7, 11),
        organizer="Fin Manager",
        required=["Infra Lead", "Someone Else"],
    )
    job = imported(staff, [("calendar.csv", outlook_csv_bytes([row]))])
    assert job.counts["new"] == 1
    (only,) = keys(org).values()
    assert (only.business_unit, only.it_team, only.level) == (org.finance, org.infra, "tactical")


def test_an_unreadable_upload_fails_on_its_row_and_changes_nothing(
    staff: Staff, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(wiring, "read_calendar_files", broken)
    job = store_upload(org.workspace, calendars(staff), since=SINCE, until=UNTIL)
    assert tasks.import_meetings(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == MeetingImportStatus.FAILED
    assert "disk on fire" in job.error and "Nothing was changed" in job.error
    assert not Meeting.objects.exists() and not Suggestion.objects.exists()
    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert tasks.retry(job.pk)
    job.refresh_from_db()
    assert job.status == MeetingImportStatus.DONE
    assert Meeting.objects.filter(job=job).count() == 20


def test_a_job_is_run_once_and_the_sweep_fails_a_silent_one(staff: Staff, org: Org) -> None:
    job = imported(staff, calendars(staff))
    assert tasks.import_meetings(job.pk) == "not queued"
    stuck = store_upload(org.workspace, calendars(staff), since=SINCE, until=UNTIL)
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    MeetingImport.objects.filter(pk=stuck.pk).update(
        status=MeetingImportStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    assert tasks.sweep_stuck_meeting_imports() == 1
    stuck.refresh_from_db()
    assert stuck.status == MeetingImportStatus.FAILED and "retry" in stuck.error


def test_the_command_imports_and_prints_the_summary(
    staff: Staff, org: Org, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    paths = []
    for name, data in calendars(staff):
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
    call_command(
        "import_meetings",
        *paths,
        workspace="acme",
        since="2026-01-01",
        until="2026-06-30",
        titles="hash",
    )
    out = capsys.readouterr().out
    assert "20 meetings kept (business and IT people together)" in out
    assert "4 pairs and levels suggested" in out
    assert not Meeting.objects.exclude(title="").exists()
    assert MeetingImport.objects.get().status == MeetingImportStatus.DONE


def test_the_progress_says_which_file_and_how_far(
    staff: Staff, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    from touchpoints.meetings import jobs
    from touchpoints.meetings.reading import read_calendar_files

    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 4)
    job = store_upload(org.workspace, calendars(staff), since=SINCE, until=UNTIL)
    steps: list[tuple[int, str]] = []
    found = jobs.read_files(
        job, read_calendar_files, SkipReport(), lambda *step: steps.append(step), {}
    )
    assert len(list(found)) == 9 + 10 + 1 + 1
    assert steps[0] == (5, "Reading board.ics")
    assert (45, "Reading teams.zip") in steps
    assert (45, "Reading teams.zip: 12 occurrences so far") in steps
    assert steps[-1] == (90, "Finding the touch points")


WINTER_ROW = OutlookRow(
    "Service review",
    datetime(2026, 1, 13, 9),
    datetime(2026, 1, 13, 10),
    organizer="Fin Manager",
    required=["Infra Lead"],
)


def test_outlook_csv_times_are_read_in_the_uploads_time_zone(staff: Staff, org: Org) -> None:
    files = [("calendar.csv", outlook_csv_bytes([WINTER_ROW]))]
    job = store_upload(org.workspace, files, since=SINCE, until=UNTIL, time_zone="Europe/Brussels")
    assert tasks.import_meetings(job.pk) == "done"
    # 09:00 in Brussels in January (CET, UTC+1) is 08:00 UTC.
    assert list(Meeting.objects.values_list("start", flat=True)) == [
        datetime(2026, 1, 13, 8, tzinfo=UTC)
    ]


def test_without_a_time_zone_an_upload_reads_in_the_servers(staff: Staff, org: Org) -> None:
    job = imported(staff, [("calendar.csv", outlook_csv_bytes([WINTER_ROW]))])
    assert job.time_zone == "UTC"  # settings.TIME_ZONE in the tests
    assert Meeting.objects.get().start == datetime(2026, 1, 13, 9, tzinfo=UTC)


def test_the_command_takes_a_time_zone(
    staff: Staff, org: Org, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from django.core.management.base import CommandError

    path = Path(str(tmp_path)) / "calendar.csv"
    path.write_bytes(outlook_csv_bytes([WINTER_ROW]))
    window = {"workspace": "acme", "since": "2026-01-01", "until": "2026-06-30"}
    with pytest.raises(CommandError, match="not a time zone"):
        call_command("import_meetings", str(path), time_zone="Mars/Olympus", **window)
    assert not MeetingImport.objects.exists()
    call_command("import_meetings", str(path), time_zone="Europe/Brussels", **window)
    assert "(Europe/Brussels)" in capsys.readouterr().out
    assert Meeting.objects.get().start == datetime(2026, 1, 13, 8, tzinfo=UTC)


def test_the_summary_says_one_in_the_singular_and_groups_thousands() -> None:
    job = MeetingImport(counts={"occurrences": 4537, "new": 1, "suggestions": 1})
    job.skipped = {"all-day": {"count": 1405, "examples": []}}
    lines = summary_lines(job)
    assert lines[0] == "4,537 occurrences read in the window"
    assert lines[1] == "1 meeting kept (business and IT people together)"
    assert "1 pair and level suggested" in lines and "skipped, all-day: 1,405" in lines
