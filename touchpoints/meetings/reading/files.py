"""What an uploaded file is (.ics, zip, Outlook CSV) and a zip's members, within limits.

A zip is refused whole before a member is read if it declares more members or more unpacked
bytes than the caps; a member that unpacks to more than it declares is not read (zipfile stops
at the declared size and the CRC check fails). Folders inside a zip are ignored (only the
member's own name is kept), a zip inside a zip is not opened, an encrypted member is skipped.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import Final, Literal

from touchpoints.orgchart.decoding import NotText, decode_text
from touchpoints.orgchart.limits import MAX_UNPACKED_BYTES

from ..occurrence import SkipReport
from . import reasons
from .outlook import looks_like_outlook_csv

# A zip of every calendar of a large organisation: one file a person, with room to spare.
MAX_ZIP_MEMBERS: Final = 20_000
MAX_ZIP_UNPACKED_BYTES: Final = MAX_UNPACKED_BYTES
_ZIP_MAGIC: Final = (b"PK\x03\x04", b"PK\x05\x06")

Kind = Literal["ics", "csv"]


def is_zip(data: bytes) -> bool:
    return data.startswith(_ZIP_MAGIC)


def unzipped(name: str, data: bytes, report: SkipReport) -> Iterator[tuple[str, bytes]]:
    """The zip's members as (zip name/member name, bytes), skipping what may not be opened."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not _ignored(info)]
    except (zipfile.BadZipFile, OSError, ValueError):
        report.skip(reasons.UNREADABLE_ZIP, name)
        return
    declared = sum(info.file_size for info in members)
    if len(members) > MAX_ZIP_MEMBERS or declared > MAX_ZIP_UNPACKED_BYTES:
        report.skip(reasons.ZIP_TOO_BIG, f"{name}: {len(members):,} files, {declared:,} bytes")
        return
    for info in members:
        source = f"{name}/{posixpath.basename(info.filename)}"
        if info.flag_bits & 0x1:
            report.skip(reasons.ENCRYPTED, source)
            continue
        try:
            # zipfile never returns more than the member declares, and a member that unpacks
            # to other bytes than declared fails its CRC check here.
            content = archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
            report.skip(reasons.UNREADABLE_ZIP, source)
            continue
        if is_zip(content):
            report.skip(reasons.NESTED_ZIP, source)
            continue
        yield source, content


def calendar_text(source: str, data: bytes, report: SkipReport) -> tuple[Kind, str] | None:
    """The file's text and kind, or None (counted in the report) when it is neither."""
    try:
        text = decode_text(data).text
    except NotText:
        report.skip(reasons.NOT_A_CALENDAR, source)
        return None
    if text.lstrip("\ufeff \t\r\n")[:15].upper() == "BEGIN:VCALENDAR":
        return "ics", text
    if looks_like_outlook_csv(text):
        return "csv", text
    report.skip(reasons.NOT_A_CALENDAR, source)
    return None


def _ignored(info: zipfile.ZipInfo) -> bool:
    """Folders, and the files macOS and Windows add to a zip (__MACOSX/, .DS_Store, Thumbs.db)."""
    base = posixpath.basename(info.filename.rstrip("/"))
    return (
        info.is_dir()
        or info.filename.startswith("__MACOSX/")
        or base.startswith(".")
        or base == "Thumbs.db"
    )
