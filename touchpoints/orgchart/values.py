"""What a column's values say about it: ids are unique, parents are other rows' ids, people
have names like people. Read on a sample of rows, so a 50,000-row file costs no more."""

import re
from collections.abc import Sequence
from typing import Final

from .cells import is_placeholder, strip_cell
from .meaning import plain

SAMPLE_ROWS: Final = 5000

# Words of a unit's name that never make a person's name ("Human Resources" is two capitalised
# words, like "Ann Smith").
_ORG_WORDS: Final = frozenset(
    [
        "department",
        "office",
        "division",
        "unit",
        "team",
        "group",
        "services",
        "service",
        "resources",
        "affairs",
        "ministry",
        "bureau",
        "agency",
        "council",
        "committee",
        "board",
        "directorate",
        "section",
        "branch",
        "centre",
        "center",
        "management",
        "finance",
        "sales",
        "marketing",
        "operations",
        "support",
        "development",
        "research",
        "human",
        "information",
        "technology",
        "digital",
        "legal",
        "communications",
        "security",
        "policy",
        "strategy",
        "planning",
        "programme",
        "program",
        "project",
        "secretariat",
        "executive",
        "corporate",
        "regional",
        "national",
        "public",
        "general",
        "administration",
        "infrastructure",
        "international",
        "delivery",
        "analysis",
        "economics",
        "audit",
        "assurance",
        "risk",
        "treasury",
        "budget",
        "tax",
        "transport",
        "health",
        "education",
        "customer",
        "customers",
        "direction",
        "ministere",
        "abteilung",
        "referat",
        "ministerio",
        "secretaria",
        "departamento",
        "servicio",
        "servico",
        "diretoria",
        "coordenacao",
        "gerencia",
        "institut",
        "institute",
        "instituto",
        "fund",
        "fondo",
        "school",
    ]
)
_PARTICLES: Final = frozenset(
    [
        "van",
        "von",
        "de",
        "da",
        "di",
        "du",
        "del",
        "der",
        "den",
        "le",
        "la",
        "bin",
        "al",
        "dos",
        "das",
        "y",
        "e",
    ]
)


def column_values(rows: Sequence[list[str]], position: int) -> list[str]:
    """The non-blank cells of one column in the sample, surrounding blanks removed."""
    values = []
    for cells in rows[:SAMPLE_ROWS]:
        if position < len(cells):
            value = strip_cell(cells[position])
            if value:
                values.append(value)
    return values


def first_values(
    columns: list[str], rows: Sequence[list[str]], count: int = 3
) -> dict[str, list[str]]:
    """Each column's first `count` distinct values (shortened), read from the first 200 rows."""
    samples: dict[str, list[str]] = {column: [] for column in columns}
    for cells in rows[:200]:
        for column, cell in zip(columns, cells, strict=False):
            value = " ".join(cell.split())[:40]
            found = samples[column]
            if value and len(found) < count and value not in found:
                found.append(value)
    return samples


def unique_share(values: Sequence[str]) -> float:
    return len(set(values)) / len(values) if values else 0.0


def share_in(values: Sequence[str], known: set[str]) -> float:
    return sum(1 for value in values if value in known) / len(values) if values else 0.0


def code_like_share(values: Sequence[str]) -> float:
    """Ids are one token: no spaces inside."""
    return sum(1 for value in values if " " not in value) / len(values) if values else 0.0


def numeric_share(values: Sequence[str]) -> float:
    return sum(1 for v in values if v.replace(".", "", 1).isdigit()) / len(values) if values else 0


def holder_share(values: Sequence[str]) -> float:
    """Share of values that are placeholders (`N/D`, `Vacant`) or look like a person's name."""
    if not values:
        return 0.0
    return sum(1 for v in values if is_placeholder(v) or looks_like_person(v)) / len(values)


def looks_like_person(value: str) -> bool:
    """`Ann Smith`, `Davolio Nancy`, `Jean-Luc O'Neill`, `Maria da Silva`; not `Human Resources`."""
    words = value.split()
    if not 2 <= len(words) <= 4 or len(value) > 40:
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(".,'’")
        if plain(bare) in _PARTICLES:
            continue
        if not bare or not bare[0].isupper() or plain(bare) in _ORG_WORDS:
            return False
        if not all(char.isalpha() or char in "-'’." for char in bare):
            return False
        if len(bare) > 1 and bare.isupper() and len(bare) <= 4:
            return False  # IT, HR, ICT: acronyms of units
        capitalised += 1
    return capitalised >= 2


EMAIL: Final = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+")


def is_email(value: str) -> bool:
    return EMAIL.fullmatch(value) is not None


def email_share(values: Sequence[str]) -> float:
    """The share of a column's non-empty values that are e-mail addresses."""
    return sum(1 for value in values if is_email(value)) / len(values) if values else 0.0
