"""CsvStream: the rows as COPY's CSV, written a batch at a time as the driver reads them."""

import csv
import io
from collections.abc import Iterator

from convergence.copy_stream import ROWS_A_READ, CsvStream

COUNT = 2 * ROWS_A_READ + 7


def test_rows_are_written_as_they_are_read_never_whole() -> None:
    read: list[int] = []

    def rows() -> Iterator[tuple[object, ...]]:
        for n in range(COUNT):
            read.append(n)
            yield (n, "x" * 100)

    text = CsvStream(rows())
    first = text.read(8192)
    assert len(read) == ROWS_A_READ  # the generator is read a batch at a time
    assert first.count("\n") == ROWS_A_READ
    chunks = [first]
    while chunk := text.read(8192):
        chunks.append(chunk)
        assert len(text.buffer.getvalue()) == len(chunk)  # only the last batch is held
    assert text.count == COUNT
    assert [len(chunk.splitlines()) for chunk in chunks] == [ROWS_A_READ, ROWS_A_READ, 7]
    assert text.read(8192) == ""


def test_values_survive_the_round_trip() -> None:
    rows = [(1, 'say "hi", then\nleave', "Bühl"), (2, "", "plain")]
    whole = "".join(iter(CsvStream(rows).read, ""))
    assert [tuple(row) for row in csv.reader(io.StringIO(whole))] == [
        ("1", 'say "hi", then\nleave', "Bühl"),
        ("2", "", "plain"),
    ]


def test_null_unquoted_writes_none_bare_and_everything_else_quoted() -> None:
    whole = CsvStream([(None, "", "a", 3)], null_unquoted=True).read()
    assert whole == ',"","a","3"\n'
    assert CsvStream([(None, "", "a", 3)]).read() == ",,a,3\n"
