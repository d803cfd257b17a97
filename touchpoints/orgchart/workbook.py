"""XLSX workbooks: the first sheet with data, every value as the text the spreadsheet shows."""

import io
import warnings

import openpyxl

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


def _first_sheet_records(data: bytes) -> list[list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise Unreadable("The workbook has no sheets.")
            # Workbooks often open with an empty sheet ("Sheet1", a cover page) before the data.
            for sheet in workbook.worksheets:
                records = [
                    [cell_to_text(value) for value in row]
                    for row in sheet.iter_rows(values_only=True)
                ]
                if any(cell.strip() for record in records for cell in record):
                    return records
            raise Unreadable("Every sheet of the workbook is empty.")
        finally:
            workbook.close()
