"""Excel workbooks (XLSX, and legacy XLS through xlrd): the first sheet with data, every value
as the text the spreadsheet shows.

Before a cell is read a workbook must pass orgchart.limits: what an .xlsx unpacks to, and the
size each sheet declares; its rows then stream through the same caps as a CSV's.
"""

import io
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
import xlrd

from .cells import cell_to_text
from .limits import MAX_COLUMNS, MAX_UNPACKED_BYTES, capped, check_declared
from .table import NoRows, Table, Unreadable, table_from_records


def read_xlsx(data: bytes) -> Table:
    check_unpacked_size(data)
    try:
        return _first_sheet_table(data)
    except Unreadable:
        raise
    # openpyxl raises a dozen exception types (zip, XML, key and value errors) on damaged files,
    # and an upload must never crash the import; every one of them means "unreadable".
    except Exception:
        raise Unreadable(
            "The file is not a readable Excel workbook (.xlsx); it may be damaged, "
            "password-protected or another kind of file with an .xlsx name."
        ) from None


def check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook whose parts unpack past MAX_UNPACKED_BYTES (a zip bomb), unread.

    The sizes come from the zip's directory; reading never goes past them (zipfile stops a
    part at its declared size), so a lying directory only makes a shorter, damaged file.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    # NotImplementedError: a damaged directory entry claiming a zip version zipfile lacks.
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        return  # not a zip at all: openpyxl says "not a readable workbook"
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unreadable(
            f"The workbook unpacks to {unpacked / 2**20:,.0f} MB, more than the "
            f"{MAX_UNPACKED_BYTES // 2**20} MB a real org chart needs; it was not read. "
            "Save the sheet as CSV and upload that."
        )


def read_xls(data: bytes) -> Table:
    """A legacy .xls workbook, with the guarantees of read_xlsx (same records, same errors)."""
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    # xlrd raises XLRDError, struct, index and assertion errors on damaged files.
    except Exception:
        raise Unreadable(
            "The file is not a readable Excel 97-2003 workbook (.xls); it may be damaged, "
            "password-protected or another kind of file with an .xls name."
        ) from None
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            check_declared(sheet.nrows, sheet.ncols)
            try:
                return table_from_records(capped(_xls_records(book, sheet), 1), 1, "xls")
            except NoRows:
                continue
    except Unreadable:
        raise
    except Exception:
        raise Unreadable("The .xls workbook is damaged: a sheet cannot be read.") from None
    finally:
        book.release_resources()
    raise Unreadable("Every sheet of the workbook is empty.")


def _xls_records(book: xlrd.book.Book, sheet: Any) -> Iterator[list[str]]:
    for row in range(sheet.nrows):
        yield [_xls_text(cell, book.datemode) for cell in sheet.row(row)[: MAX_COLUMNS + 1]]


def _xls_text(cell: xlrd.sheet.Cell, datemode: int) -> str:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_to_text(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell_to_text(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_to_text(bool(cell.value))
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_EMPTY):
        return ""
    return cell_to_text(cell.value)


def _first_sheet_table(data: bytes) -> Table:
    """Workbooks often open with an empty sheet ("Sheet1", a cover page) before the data."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise Unreadable("The workbook has no sheets.")
            for sheet in workbook.worksheets:
                check_declared(sheet.max_row, sheet.max_column)
                try:
                    return table_from_records(capped(_sheet_records(sheet), 1), 1, "xlsx")
                except NoRows:
                    continue
            raise Unreadable("Every sheet of the workbook is empty.")
        finally:
            workbook.close()


def _sheet_records(sheet: Any) -> Iterator[list[str]]:
    # openpyxl pads each row to the declared width: past the cap, to one column more than the
    # cap only, so that capped() can still tell a too-wide row from a sheet declared wide.
    declared = sheet.max_column
    width = MAX_COLUMNS + 1 if declared is None or declared > MAX_COLUMNS else None
    for row in sheet.iter_rows(values_only=True, max_col=width):
        yield [cell_to_text(value) for value in row]
