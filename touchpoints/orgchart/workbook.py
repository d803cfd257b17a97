"""Excel workbooks (XLSX, and legacy XLS through xlrd): the first sheet with data, every value
as the text the spreadsheet shows."""

import io
import warnings
from collections.abc import Iterable

import openpyxl
import xlrd

from .cells import cell_to_text
from .table import Table, Unreadable, table_from_records


def read_xlsx(data: bytes) -> Table:
    try:
        records = _first_sheet_records(data)
    except Unreadable:
        raise
    # openpyxl raises a dozen exception types (zip, XML, key and value errors) on damaged files,
    # and an upload must never crash the import; every one of them means "unreadable".
    except Exception:
        raise Unreadable(
            "The file is not a readable Excel workbook (.xlsx); it may be damaged, "
            "password-protected or another kind of file with an .xlsx name."
        ) from None
    return table_from_records(records, 1, "xlsx")


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
        sheets = [_xls_records(book, index) for index in range(book.nsheets)]
    except Exception:
        raise Unreadable("The .xls workbook is damaged: a sheet cannot be read.") from None
    finally:
        book.release_resources()
    return table_from_records(_first_with_data(sheets), 1, "xls")


def _xls_records(book: xlrd.book.Book, index: int) -> list[list[str]]:
    sheet = book.sheet_by_index(index)
    return [
        [_xls_text(cell, book.datemode) for cell in sheet.row(row)] for row in range(sheet.nrows)
    ]


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


def _first_with_data(sheets: Iterable[list[list[str]]]) -> list[list[str]]:
    """Workbooks often open with an empty sheet ("Sheet1", a cover page) before the data."""
    for records in sheets:
        if any(cell.strip() for record in records for cell in record):
            return records
    raise Unreadable("Every sheet of the workbook is empty.")


def _first_sheet_records(data: bytes) -> list[list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise Unreadable("The workbook has no sheets.")
            return _first_with_data(
                [
                    [cell_to_text(value) for value in row]
                    for row in sheet.iter_rows(values_only=True)
                ]
                for sheet in workbook.worksheets
            )
        finally:
            workbook.close()
