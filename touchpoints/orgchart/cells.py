"""Cleaning single cell values: codes kept exactly, names tidied, placeholders emptied."""

import datetime
from typing import Final

from .chart import Side

# Characters str.strip() keeps but that are invisible in a spreadsheet.
_INVISIBLE: Final = "\ufeff\u200b\u200c\u200d\u2060"

# Values HR exports write where they mean "nothing"; compared case-insensitively, once
# stray quotes around them are dropped ('N/D', "Vacant").
PLACEHOLDERS: Final = frozenset(
    {"", "null", "none", "nil", "n/a", "#n/a", "n/d", "nd", "n.d.", "vacant", "vacancy",
     "eliminated", "tbc", "tbd", "-", "--", "\u2013", "\u2014"}
)  # fmt: skip
_QUOTES: Final = "'\"\u2018\u2019\u201c\u201d`"

# Control and invisible characters carry no meaning in a name and upset HTML and terminals.
_DROP_IN_TEXT: Final = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0), *map(ord, _INVISIBLE)])
_LONGEST_PLACEHOLDER: Final = max(map(len, PLACEHOLDERS))

_IT_VALUES: Final = frozenset({"it", "i.t.", "true", "yes", "y", "t", "1", "x"})
_BUSINESS_VALUES: Final = frozenset({"business", "biz", "false", "no", "n", "f", "0"})


def strip_cell(value: str) -> str:
    """Remove surrounding whitespace (non-breaking spaces included) and invisible characters."""
    return value.strip().strip(_INVISIBLE).strip()


def is_placeholder(value: str) -> bool:
    return len(value) <= _LONGEST_PLACEHOLDER + 4 and (
        value.strip(_QUOTES).strip().casefold() in PLACEHOLDERS
    )


def clean_code(value: str) -> str:
    """An id as the source wrote it: only the surrounding blanks go, so `007` stays `007`."""
    stripped = strip_cell(value)
    return "" if is_placeholder(stripped) else stripped


def clean_text(value: str) -> str:
    """A name or label: whitespace runs (line breaks and non-breaking spaces too) become one."""
    collapsed = " ".join(value.split())
    if not collapsed.isprintable():  # rare, and str.isprintable is much faster than translate
        collapsed = " ".join(collapsed.translate(_DROP_IN_TEXT).split())
    return "" if is_placeholder(collapsed) else collapsed


def name_from_code(code: str) -> str:
    """The stand-in name of a unit with none: its id, on one line."""
    return " ".join(code.split())


def parse_side(value: str) -> Side | None:
    """Read a side / is_it cell; None when it is empty or not understood."""
    word = clean_text(value).casefold()
    if word in _IT_VALUES:
        return "it"
    if word in _BUSINESS_VALUES:
        return "business"
    return None


def cell_to_text(value: object) -> str:
    """A spreadsheet or JSON value as the text a person sees: 1 is "1", never "1.0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
