"""Words for every code the product shows: its name and a short explanation.

Pure data and small functions (no Django), so that pages, files and tests read the same words.
Names come from the engine's own tables (SLOPE.md, SURVEY.md); the explanations are ours, written
for a manager who has not read the specification.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from assessments.slope import tables
from assessments.survey import instrument


@dataclass(frozen=True, slots=True)
class Term:
    """One code: what it is called and what it means."""

    code: str
    name: str
    explanation: str
    kind: str

    @property
    def anchor(self) -> str:
        """The id of its entry on the glossary page (``term-gap-07``)."""
        return "term-" + "".join(c if c.isalnum() else "-" for c in self.code.lower())

    @property
    def label(self) -> str:
        """The code with its name, as a file or a list shows it: "GAP-07 under-cadence"."""
        return self.code if self.name == self.code else f"{self.code} {self.name}"


DIMENSION = "Dimensions of the slope"
BAND = "Bands"
MEASURE = "Measures"
GAP_RULE = "Gap rules"
SURVEY_RULE = "Survey gap rules"
KINDS: Final = (DIMENSION, BAND, MEASURE, GAP_RULE, SURVEY_RULE)

DIMENSION_TEXTS: Final[dict[str, str]] = {
    "B": "The share of the business-IT pairs that should meet and do meet at least once.",
    "V": "How many of the three levels (strategic, tactical, operational) a business unit meets "
    "IT at, out of three.",
    "K": "How deep the deepest channel of a connected pair goes, from the service desk (0.2) to "
    "an embedded team (1.0).",
    "F": "How often touch points meet, against the norm for their level (strategic quarterly, "
    "tactical monthly, operational weekly).",
    "E": "How well the rated touch points work, from 1 (not at all) to 5 (very well).",
    "X": "How far ties cross boundaries: how much of the network hangs together, and how many "
    "pairs span two sites.",
}

# SLOPE.md's reading of each band and the Luftman level it roughly matches (our approximation).
BAND_MEANINGS: Final[dict[str, tuple[str, int]]] = {
    "Islands": ("separate worlds, few or no ties", 1),
    "Alignment": ("IT serves through transactional and SLA channels", 2),
    "Integration": ("broad coverage, governance forums, some strategic presence", 3),
    "Convergence": ("multi-level ties for most pairs, joint planning, cross-site ties", 4),
    "Fusion": ("every level, embedded and co-planned everywhere", 5),
}

MEASURES: Final[tuple[tuple[str, str, str], ...]] = (
    (
        "E-I index",
        "external-internal index",
        "Krackhardt's index of ties across sites: (cross-site pairs − same-site pairs) / all "
        "pairs, from −1 (every tie stays on its site) to +1 (every tie crosses sites).",
    ),
    (
        "channel depth",
        "channel depth",
        "How close a channel brings the two sides, from 0.2 (service desk) through 0.4 (SLA "
        "review), 0.6 (steering committee) and 0.8 (joint planning, community of practice) to "
        "1.0 (embedded team).",
    ),
    (
        "capped by",
        "weakest-link cap",
        "A unit stands at most one band above its weakest dimension; when that lowers its band, "
        "the dimension that holds it back is named.",
    ),
    (
        "expected pair",
        "expected pair",
        "A business unit and IT team that should meet: the pairs of the desired touch points, "
        "or every pair when none is desired.",
    ),
)

GAP_TEXTS: Final[dict[str, str]] = {
    "GAP-01": "A pair that should meet has no current touch point (or none at a desired level).",
    "GAP-02": "A unit with no current touch point at all; it raises no other gap.",
    "GAP-03": "A business unit that meets IT, but never at the strategic level.",
    "GAP-04": "A pair that meets only through the service desk or SLA reviews.",
    "GAP-05": "A business unit with strategic and operational ties but no tactical one between.",
    "GAP-06": "A touch point rated 2 or lower for effectiveness.",
    "GAP-07": "A touch point that meets less often than its level's norm, or only ad hoc.",
    "GAP-08": "A unit whose removal would split the network: the ties through it are fragile.",
    "GAP-09": "A site whose business units meet only IT teams on the same site.",
    "GAP-10": "The network falls apart into groups that do not meet each other.",
    "GAP-11": "A pair not expected, though most of the unit's peers work with that IT team.",
    "GAP-12": "A touch point nobody has rated yet.",
    "GAP-13": "The weakest-link cap lowered the unit's band: one dimension holds it back.",
}

SURVEY_TEXTS: Final[dict[str, str]] = {
    "SURV-01": "People rate a criterion at least 25 points above what the touch points show.",
    "SURV-02": "The touch points show at least 25 points more than people believe.",
    "SURV-03": "Business and IT respondents are at least 25 points apart on a criterion.",
    "SURV-04": "A side had fewer than five respondents, so its figures are not shown.",
}


def _terms() -> tuple[Term, ...]:
    terms = [
        Term(letter, tables.DIMENSION_NAMES[letter], DIMENSION_TEXTS[letter], DIMENSION)
        for letter in tables.DIMENSIONS
    ]
    edges = [int(lower) for _, lower in tables.BANDS] + [100]
    for i, (band, _) in enumerate(tables.BANDS):
        meaning, luftman = BAND_MEANINGS[band]
        text = f"Scores {edges[i]}–{edges[i + 1]}: {meaning} (≈ Luftman level {luftman})."
        terms.append(Term(band, band, text, BAND))
    terms += [Term(code, name, text, MEASURE) for code, name, text in MEASURES]
    terms += [
        Term(rule, name, GAP_TEXTS[rule], GAP_RULE) for rule, name in tables.RULE_NAMES.items()
    ]
    terms += [
        Term(rule, name, SURVEY_TEXTS[rule], SURVEY_RULE)
        for rule, name in instrument.RULE_NAMES.items()
    ]
    return tuple(terms)


TERMS: Final = _terms()
_BY_CODE: Final = {term.code.lower(): term for term in TERMS}


def term(code: str) -> Term | None:
    """The term of a code, whatever its case ("gap-07", "Fusion"), or None."""
    return _BY_CODE.get(code.strip().lower())


def name_of(code: str) -> str:
    """The code's name, or the code itself when it is not one we know."""
    found = term(code)
    return found.name if found else code


def label(code: str) -> str:
    """The code and its name ("GAP-07 under-cadence"), or the code alone when unknown."""
    found = term(code)
    return found.label if found else code


def by_kind() -> list[tuple[str, list[Term]]]:
    """The glossary page's sections, in KINDS order."""
    return [(kind, [t for t in TERMS if t.kind == kind]) for kind in KINDS]
