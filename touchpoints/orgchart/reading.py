"""Bytes and a file name to a Table: CSV, XLSX, XLS or JSON, by content then by name."""

import csv
import io
from pathlib import PurePath
from typing import Final

from .decoding import NotText, decode_text
from .jsondoc import read_json
from .limits import capped
from .table import Table, Unreadable, table_from_records
from .workbook import read_xls, read_xlsx

_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS: Final = (",", ";", "\t", "|")
_SNIFF_CHARS: Final = 65536


def read_table(data: bytes, filename: str) -> Table:
    """Read any supported file; raises Unreadable with a message a person can act on."""
    if not data.strip():
        raise Unreadable("The file is empty.")
    suffix = PurePath(filename).suffix.casefold()
    if data.startswith(_OLE_MAGIC) or suffix == ".xls":
        return read_xls(data)
    if data.startswith(_ZIP_MAGIC) or suffix in (".xlsx", ".xlsm"):
        return read_xlsx(data)
    try:
        decoded = decode_text(data)
    except NotText as error:
        raise Unreadable(str(error)) from None
    text = decoded.text.lstrip("\ufeff")
    if suffix == ".json" or (suffix not in (".csv", ".tsv", ".txt") and _looks_like_json(text)):
        table = read_json(text)
    else:
        table = read_csv(text)
    table.encoding = decoded.encoding
    return table


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def read_csv(text: str) -> Table:
    """Quoted cells may span lines; row numbers count records, as a spreadsheet shows them."""
    first_row_number = 1
    delimiter = _declared_delimiter(text)
    if delimiter is not None:
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_row_number = 2
    else:
        delimiter = sniff_delimiter(text[:_SNIFF_CHARS], truncated=len(text) > _SNIFF_CHARS)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = table_from_records(capped(records, first_row_number), first_row_number, "csv")
    except csv.Error as error:
        raise Unreadable(
            f"The file cannot be read as CSV ({error}); a quote is probably never closed."
        ) from None
    table.delimiter = delimiter
    return table


def _declared_delimiter(text: str) -> str | None:
    """Excel writes `sep=;` as the first line when it wants to name the delimiter (a tab too:
    only spaces and the line end are stripped)."""
    first_line = text[:8].split("\n", 1)[0].strip(" \r")
    if first_line.startswith("sep=") and len(first_line) == 5:
        return first_line[4]
    return None


def sniff_delimiter(sample: str, *, truncated: bool) -> str:
    """The delimiter that splits the header into most columns with the rows agreeing in width.

    csv.Sniffer guesses from character frequencies and is easily fooled by commas inside
    quoted descriptions; parsing the sample with each candidate is slower but dependable.
    """
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in _DELIMITERS:
        score = _delimiter_score(sample, delimiter, truncated)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _delimiter_score(sample: str, delimiter: str, truncated: bool) -> tuple[bool, float, int]:
    try:
        records = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except csv.Error:
        return (False, 0.0, 0)
    if truncated and len(records) > 1:
        records.pop()  # the sample may cut the last record short
    records = [record for record in records if any(cell.strip() for cell in record)]
    if not records:
        return (False, 0.0, 0)
    width = len(records[0])
    rows = records[1:]
    agreeing = sum(1 for record in rows if len(record) == width) / len(rows) if rows else 1.0
    return (width > 1, agreeing, width)
