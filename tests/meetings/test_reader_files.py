"""What the reader accepts as files: .ics, zips of them within limits, and nothing else."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta

import pytest

from tests.meetings.calendars import ics_bytes, meeting, zip_bytes
from tests.meetings.reading import read
from touchpoints.meetings.reading import files, reasons

HOUR = timedelta(hours=1)


def one_meeting(uid: str) -> bytes:
    return ics_bytes(meeting(uid, f"Meeting {uid}", datetime(2026, 3, 2, 10), duration=HOUR))


def test_a_zip_of_calendars_is_read_member_by_member_named_without_its_folders() -> None:
    data = zip_bytes(
        {"exports/ann/ann.ics": one_meeting("a"), "bob.ics": one_meeting("b"), "docs/": b""}
    )
    found, report = read(("year.zip", data))
    assert [(one.uid, one.source) for one in found] == [
        ("a", "year.zip/ann.ics"),
        ("b", "year.zip/bob.ics"),
    ]
    assert not report.counts


def test_the_files_a_desktop_adds_to_a_zip_are_ignored() -> None:
    data = zip_bytes(
        {"a.ics": one_meeting("a"), "__MACOSX/._a.ics": b"\x00\x05", ".DS_Store": b"\x00\x00"}
    )
    found, report = read(("mac.zip", data))
    assert [one.uid for one in found] == ["a"] and not report.counts


def test_a_zip_inside_a_zip_is_not_opened() -> None:
    inner = zip_bytes({"hidden.ics": one_meeting("hidden")})
    found, report = read(("outer.zip", zip_bytes({"inner.zip": inner, "a.ics": one_meeting("a")})))
    assert [one.uid for one in found] == ["a"]
    assert report.examples[reasons.NESTED_ZIP] == ["outer.zip/inner.zip"]


def test_a_zip_with_too_many_members_is_refused_before_one_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(files, "MAX_ZIP_MEMBERS", 2)
    data = zip_bytes({f"{n}.ics": one_meeting(str(n)) for n in range(3)})
    found, report = read(("many.zip", data))
    assert found == []
    assert report.counts[reasons.ZIP_TOO_BIG] == 1
    assert report.examples[reasons.ZIP_TOO_BIG][0].startswith("many.zip: 3 files")


def test_a_zip_declaring_more_than_the_unpacked_cap_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(files, "MAX_ZIP_UNPACKED_BYTES", 10_000)
    bomb = zip_bytes({"a.ics": one_meeting("a") + b" " * 20_000})
    found, report = read(("bomb.zip", bomb))
    assert found == [] and report.counts[reasons.ZIP_TOO_BIG] == 1


def test_a_member_unpacking_to_more_than_it_declares_is_not_read() -> None:
    data = zip_bytes({"a.ics": one_meeting("a"), "b.ics": one_meeting("b") + b" " * 8_000})
    found, report = read(("liar.zip", _with_declared_size(data, "b.ics", 100)))
    assert [one.uid for one in found] == ["a"]
    assert report.examples[reasons.UNREADABLE_ZIP] == ["liar.zip/b.ics"]


def test_an_encrypted_member_is_skipped_and_named() -> None:
    data = bytearray(zip_bytes({"a.ics": one_meeting("a"), "locked.ics": one_meeting("b")}))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("locked.ics")
    data[info.header_offset + 6] |= 0x1
    central = data.rfind(b"PK\x01\x02")  # the last entry is locked.ics's
    data[central + 8] |= 0x1
    found, report = read(("locked.zip", bytes(data)))
    assert [one.uid for one in found] == ["a"]
    assert report.examples[reasons.ENCRYPTED] == ["locked.zip/locked.ics"]


def test_a_broken_zip_is_reported_and_the_other_files_still_read() -> None:
    data = zip_bytes({"a.ics": one_meeting("a")})
    found, report = read(("cut.zip", data[: len(data) // 2]), ("b.ics", one_meeting("b")))
    assert [one.uid for one in found] == ["b"]
    assert report.examples[reasons.UNREADABLE_ZIP] == ["cut.zip"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        ("notes.txt", b"Minutes of the steering committee\nNothing else.\n"),
        ("people.csv", b"email,name\nann@example.com,Ann\n"),
        ("empty.ics", b""),
    ],
)
def test_a_file_that_is_not_a_calendar_gets_a_clear_reason(name: str, data: bytes) -> None:
    found, report = read((name, data), ("ok.ics", one_meeting("ok")))
    assert [one.uid for one in found] == ["ok"]
    assert report.examples[reasons.NOT_A_CALENDAR] == [name]


def test_a_calendar_that_does_not_parse_is_reported_as_unreadable() -> None:
    found, report = read(("cut.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2026"))
    assert found == []
    assert list(report.counts) == [reasons.UNREADABLE_FILE]
    assert report.examples[reasons.UNREADABLE_FILE][0].startswith("cut.ics: ")


def test_a_calendar_in_utf_16_or_windows_1252_is_read_with_its_accents() -> None:
    text = one_meeting("a").decode().replace("Meeting a", "Réunion équipe")
    for data in (text.encode("utf-16"), text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode()):
        [one], _ = read(("a.ics", data))
        assert one.title == "Réunion équipe"


def _with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """`data` rewritten so that `member` declares `size` unpacked bytes (it holds more)."""
    raw = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    raw[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    entry = raw.find(b"PK\x01\x02")
    while entry != -1:
        name_length = int.from_bytes(raw[entry + 28 : entry + 30], "little")
        if raw[entry + 46 : entry + 46 + name_length] == member.encode():
            raw[entry + 24 : entry + 28] = size.to_bytes(4, "little")
        entry = raw.find(b"PK\x01\x02", entry + 1)
    return bytes(raw)
