"""Report files stored through a binary COPY arrive byte for byte, in order, read in chunks."""

import random

import pytest

from assessments.binary_copy import HEADER, TRAILER, Chunks, copy_binary, encoder
from assessments.bulk import model_field
from assessments.gap_reports import FILE_FIELDS, store_files
from assessments.models import Gap, GapReport, ReportFile
from tests.conftest import Org

pytestmark = pytest.mark.django_db


def contents() -> dict[str, bytes]:
    rng = random.Random(15)
    return {
        "csv": "\ufeffname,é\r\n".encode() * 40_000,  # crosses many 8 KB reads
        "xlsx": bytes(rng.randrange(256) for _ in range(100_003)),  # zero bytes, odd size
        "html": b"",
        "pdf": b"\x00\xff" * 5,
    }


def test_files_arrive_byte_for_byte_in_order(org: Org) -> None:
    report = GapReport.objects.create(workspace=org.workspace)
    files = [
        ReportFile(report=report, format=fmt, content=data, size=len(data))
        for fmt, data in contents().items()
    ]
    store_files(files)
    stored = ReportFile.objects.filter(report=report).order_by("pk")
    assert [(f.format, bytes(f.content), f.size) for f in stored] == [
        (fmt, data, len(data)) for fmt, data in contents().items()
    ]


def test_the_driver_reads_slices_of_the_values_never_a_copy_of_one() -> None:
    big = b"x" * 50_000
    chunks = Chunks(iter([HEADER, b"", big, TRAILER]))
    read = []
    while chunk := chunks.read(8192):
        read.append(chunk)
    assert b"".join(read) == HEADER + big + TRAILER
    assert max(map(len, read)) == 8192


def test_a_row_of_each_type_round_trips(org: Org) -> None:
    report = GapReport.objects.create(workspace=org.workspace)
    copy_binary(ReportFile, FILE_FIELDS, [(report.pk, "pptx", b"\x00deck", 2**31 - 1)])
    file = ReportFile.objects.get(report=report)
    assert (file.format, bytes(file.content), file.size) == ("pptx", b"\x00deck", 2**31 - 1)


def test_a_column_of_another_type_is_refused() -> None:
    with pytest.raises(ValueError, match="evidence"):
        encoder(model_field(Gap, "evidence"))
