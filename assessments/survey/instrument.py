"""The survey's lookups and its default instrument, in one versioned module (SURVEY.md).

A workspace edits a copy of ``DEFAULT_STATEMENTS`` (statements added, reworded or retired); a
round keeps the statements it was opened with. A change to any table here must bump ``VERSION``.
"""

from fractions import Fraction
from typing import Final, NamedTuple

VERSION: Final = "2026.1"


class Statement(NamedTuple):
    """One statement of an instrument: a stable id ("GOV-3"), its criterion and its wording."""

    id: str
    criterion: str
    text: str


# Luftman's six criteria (CAIS 4(14), 2000), in his order.
CRITERIA: Final[dict[str, str]] = {
    "COM": "Communications",
    "VAL": "Value measurement",
    "GOV": "Governance",
    "PAR": "Partnership",
    "SCO": "Scope and architecture",
    "SKL": "Skills",
}
SIDES: Final = ("business", "it")
SIDE_NAMES: Final[dict[str, str]] = {"business": "Business", "it": "IT"}
ROLE_LEVELS: Final = ("executive", "manager", "staff")
ANSWERS: Final = (1, 2, 3, 4, 5)
ANSWER_NAMES: Final[dict[int, str]] = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither",
    4: "Agree",
    5: "Strongly agree",
}

MIN_GROUP: Final = 5  # a group of fewer respondents is never reported
PERCEPTION_ABOVE: Final = Fraction(25)  # SURV-01 at or above this difference
PERCEPTION_HIGH: Final = Fraction(40)  # SURV-01 is high at or above this
EVIDENCE_ABOVE: Final = Fraction(-25)  # SURV-02 at or below this difference
SIDES_APART: Final = Fraction(25)  # SURV-03 at or above this |business - IT|
DEEP_CHANNEL_MIN: Final = Fraction(8, 10)  # SKL evidence: pairs whose deepest channel reaches it

# Which slope dimensions stand as evidence for each criterion (our own approximation).
EVIDENCE_SOURCES: Final[dict[str, str]] = {
    "COM": "mean of breadth (B) and cadence (F)",
    "VAL": "effectiveness (E)",
    "GOV": "channel depth (K)",
    "PAR": "vertical reach (V)",
    "SCO": "boundary spanning (X)",
    "SKL": "share of connected pairs whose deepest channel has depth 0.8 or more",
}

_DEFAULT_TEXTS: Final[dict[str, tuple[str, ...]]] = {
    "COM": (
        "Business and IT people understand each other's priorities.",
        "IT people know how our business creates value.",
        "Knowledge crosses the business-IT boundary routinely, not only through tickets.",
        "Everyone knows whom to talk to on the other side about a new need.",
    ),
    "VAL": (
        "IT's contribution is measured in business terms, not only uptime.",
        "Service levels reflect what matters to the business.",
        "Business and IT review together whether IT investments delivered what they promised.",
        "Business and IT agree on how success is measured.",
    ),
    "GOV": (
        "Business and IT set IT priorities together.",
        "IT spending decisions involve the business units they affect.",
        "A joint forum decides major changes and meets regularly.",
        "IT is at the table when business strategy is set.",
    ),
    "PAR": (
        "The business sees IT as a partner, not a cost centre or an order taker.",
        "Business and IT share the risks and rewards of projects.",
        "Business leaders visibly sponsor IT initiatives.",
        "Trust between business and IT people is high.",
    ),
    "SCO": (
        "IT reaches beyond back-office support into how we serve customers.",
        "Our systems are integrated across units, not islands.",
        "IT's architecture follows business needs and adapts quickly.",
        "Business and IT decide standards together.",
    ),
    "SKL": (
        "IT people are rewarded for business results, not only technical ones.",
        "People move between business and IT roles.",
        "Business people are confident using and shaping technology.",
        "Business and IT learn together (joint training, communities).",
    ),
}

DEFAULT_STATEMENTS: Final[tuple[Statement, ...]] = tuple(
    Statement(f"{criterion}-{number}", criterion, text)
    for criterion, texts in _DEFAULT_TEXTS.items()
    for number, text in enumerate(texts, start=1)
)

RULE_NAMES: Final[dict[str, str]] = {
    "SURV-01": "perception above evidence",
    "SURV-02": "evidence above perception",
    "SURV-03": "the sides disagree",
    "SURV-04": "too few responses",
}

# SURV-01: people believe more than the touch points show.
BELIEF_ABOVE_EVIDENCE: Final[dict[str, str]] = {
    "COM": (
        "People believe the two sides talk well, but few pairs meet and the meetings are rare: "
        "name a relationship owner per pair and put a monthly service review on the calendar."
    ),
    "VAL": (
        "People believe IT's value is measured, but the touch points are rated poorly or not at "
        "all: rate each touch point with both sides and review the ratings quarterly."
    ),
    "GOV": (
        "People believe priorities are set together, but few touch points run through a "
        "steering committee or joint planning: put the forum on the calendar."
    ),
    "PAR": (
        "People speak of a partnership, but most units meet IT at one level only: add a "
        "strategic or tactical touch point beside the operational ones."
    ),
    "SCO": (
        "People believe systems and teams are integrated, but the network is split or stays "
        "within sites: connect the separate groups and add cross-site touch points."
    ),
    "SKL": (
        "People believe skills cross the boundary, but few pairs plan together, share a "
        "community or embed staff: start a joint community of practice or rotate staff."
    ),
}
# SURV-02: the touch points are better than people think.
EVIDENCE_ABOVE_BELIEF: Final[dict[str, str]] = {
    criterion: (
        f"The touch points show more {name.lower()} than people believe: show them the evidence "
        "(the dashboard, the forums that meet) and ask what they do not see."
    )
    for criterion, name in CRITERIA.items()
}
SIDES_DISAGREE: Final = "Run a joint session on this criterion and compare the two sides' examples."
TOO_FEW: Final = (
    "Fewer than five people of this side answered: share the link again with this side before "
    "closing, or read the other figures with care."
)
