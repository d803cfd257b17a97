"""Rows with large binary values stored through COPY's binary format, the values read in chunks.

psycopg2 binds parameters in the client: an INSERT of a report file carries its content as hex
inside the query text, several times the file in memory at once (20 MB over the rest for the
3.5 MB CSV of the 10,000-unit benchmark: that report's peak). COPY ... (FORMAT binary) takes
the bytes as they are, and the driver reads them from the row's own buffer 8 KB at a time.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models

from assessments.bulk import model_field

Value = int | str | bytes
# The binary format's signature, no flags and no header extension; a field count of -1 ends it.
HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
TRAILER = struct.pack(">h", -1)


def copy_binary(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Value]]
) -> None:
    """Insert ``rows`` (values for the columns of ``fields``, attnames such as ``report_id``):
    ints for integer and key columns, str for text, bytes for binary; no NULLs. PostgreSQL
    only."""
    model_fields = [model_field(model, name) for name in fields]
    encoders = [encoder(field) for field in model_fields]
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(field.column)) for field in model_fields)
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN WITH (FORMAT binary)"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, Chunks(pieces(rows, encoders)))


def encoder(field: models.Field[Any, Any]) -> Callable[[Any], bytes]:
    """A column's value in the binary format: big-endian integers, UTF-8 text (the connection's
    encoding), bytes unchanged (the same object: nothing is copied)."""
    kind = str(field.db_type(connection))  # a foreign key's is its target's
    if kind == "bigint":
        return struct.Struct(">q").pack
    if kind == "integer":
        return struct.Struct(">i").pack
    if kind == "bytea":
        return bytes
    if kind == "text" or kind.startswith("varchar"):
        return str.encode
    raise ValueError(f"no binary COPY for {field} ({kind})")


def pieces(
    rows: Iterable[Sequence[Value]], encoders: Sequence[Callable[[Any], bytes]]
) -> Iterator[bytes]:
    """The binary COPY stream: header, each row's field count then each field's length and
    bytes, trailer."""
    yield HEADER
    for row in rows:
        yield struct.pack(">h", len(row))
        for value, encode in zip(row, encoders, strict=True):
            data = encode(value)
            yield struct.pack(">i", len(data))
            yield data
    yield TRAILER


class Chunks:
    """A file the driver reads (it calls ``read`` until it gives nothing): the pieces in
    order, a large one in slices of the size asked for."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.pieces = pieces
        self.piece, self.at = memoryview(b""), 0

    def read(self, size: int = 8192) -> bytes:
        while self.at >= len(self.piece):
            piece = next(self.pieces, None)
            if piece is None:
                return b""
            self.piece, self.at = memoryview(piece), 0
        chunk = bytes(self.piece[self.at : self.at + size])
        self.at += len(chunk)
        return chunk
