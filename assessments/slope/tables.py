"""Every lookup the slope engine uses, in one versioned module.

An assessment stores ``VERSION`` beside its result, so a later change to any table here must bump
it. Values are ``Fraction`` so that thresholds compare exactly (SLOPE.md, "Exact arithmetic").
"""

from fractions import Fraction
from typing import Final

VERSION: Final = "2026.1"

LEVELS: Final = ("strategic", "tactical", "operational")
STATES: Final = ("current", "desired")
CRITICALITIES: Final = ("high", "normal")

CHANNEL_DEPTH: Final[dict[str, Fraction]] = {
    "service_desk": Fraction(2, 10),
    "sla_review": Fraction(4, 10),
    "steering_committee": Fraction(6, 10),
    "joint_planning": Fraction(8, 10),
    "community_of_practice": Fraction(8, 10),
    "embedded_team": Fraction(10, 10),
}

FREQUENCY_SCORE: Final[dict[str, Fraction]] = {
    "ad_hoc": Fraction(0),
    "yearly": Fraction(2, 10),
    "quarterly": Fraction(4, 10),
    "monthly": Fraction(6, 10),
    "weekly": Fraction(8, 10),
    "daily": Fraction(10, 10),
}

CADENCE_NORM: Final[dict[str, Fraction]] = {
    "strategic": Fraction(4, 10),
    "tactical": Fraction(6, 10),
    "operational": Fraction(8, 10),
}

# The frequency that meets each level's norm, for recommendations ("hold it quarterly").
NORM_FREQUENCY: Final[dict[str, str]] = {
    "strategic": "quarterly",
    "tactical": "monthly",
    "operational": "weekly",
}

DIMENSIONS: Final = ("B", "V", "K", "F", "E", "X")
DIMENSION_NAMES: Final[dict[str, str]] = {
    "B": "breadth",
    "V": "vertical reach",
    "K": "channel depth",
    "F": "cadence",
    "E": "effectiveness",
    "X": "boundary spanning",
}
WEIGHTS: Final[dict[str, Fraction]] = {
    "B": Fraction(25, 100),
    "V": Fraction(20, 100),
    "K": Fraction(15, 100),
    "F": Fraction(10, 100),
    "E": Fraction(15, 100),
    "X": Fraction(15, 100),
}

# Lower edge of each band on the 0..100 scale; a band runs up to the next edge (Fusion to 100).
BANDS: Final[tuple[tuple[str, Fraction], ...]] = (
    ("Islands", Fraction(0)),
    ("Alignment", Fraction(25)),
    ("Integration", Fraction(50)),
    ("Convergence", Fraction(70)),
    ("Fusion", Fraction(85)),
)

TRANSACTIONAL_DEPTH_MAX: Final = Fraction(4, 10)  # GAP-04 fires at or below this depth
INEFFECTIVE_MAX: Final = 2  # GAP-06 fires at or below this rating
UNDER_CADENCE_BELOW: Final = Fraction(3, 4)  # GAP-07 fires strictly below this cadence
PEER_SHARE_MIN: Final = Fraction(1, 2)  # GAP-11 fires when at least this share of peers

SEVERITIES: Final = ("critical", "high", "medium", "low", "info")

RULE_NAMES: Final[dict[str, str]] = {
    "GAP-01": "missing expected interaction",
    "GAP-02": "isolated unit",
    "GAP-03": "no strategic engagement",
    "GAP-04": "transactional only",
    "GAP-05": "missing middle",
    "GAP-06": "ineffective touch point",
    "GAP-07": "under-cadence",
    "GAP-08": "fragile bridge",
    "GAP-09": "geographic silo",
    "GAP-10": "fragmented network",
    "GAP-11": "peer-pattern candidate",
    "GAP-12": "unrated touch point",
    "GAP-13": "band capped",
}

# Placeholders: {subject}, {business_unit}, {it_team}, {level}, {location},
# {expected_frequency}, {weakest_dimension}. An unknown placeholder is left as written.
RECOMMENDATIONS: Final[dict[str, str]] = {
    "GAP-01": (
        "Name a relationship owner in {it_team} for {business_unit} and set up a {level} "
        "touch point between them, such as a monthly service review."
    ),
    "GAP-02": (
        "Name a relationship owner for {subject} and give it a first touch point: a monthly "
        "service review with its main counterpart."
    ),
    "GAP-03": (
        "Give {subject} a seat on the IT steering committee, or hold a quarterly joint planning "
        "session with its IT teams."
    ),
    "GAP-04": (
        "Add a quarterly joint planning session between {business_unit} and {it_team} beside "
        "the service desk and SLA reviews."
    ),
    "GAP-05": (
        "Add a monthly service review for {subject} so that its strategic decisions reach its "
        "day-to-day operations."
    ),
    "GAP-06": (
        "Run a joint retrospective on the {level} touch point between {business_unit} and "
        "{it_team} and agree what to change."
    ),
    "GAP-07": (
        "Put the {level} touch point between {business_unit} and {it_team} on a fixed "
        "calendar: at least {expected_frequency}."
    ),
    "GAP-08": (
        "Name a second relationship owner beside {subject} so that the ties running through it "
        "survive its absence."
    ),
    "GAP-09": (
        "Embed or rotate staff between {location} and the other sites, and hold a cross-site "
        "service review."
    ),
    "GAP-10": (
        "Connect the separate groups: name relationship owners across them and bring them to "
        "one steering committee."
    ),
    "GAP-11": (
        "Most peers of {business_unit} work with {it_team}: consider a touch point between them."
    ),
    "GAP-12": "Rate the {level} touch point between {business_unit} and {it_team} with both sides.",
    "GAP-13": ("Work on {weakest_dimension} first: it holds {subject} back from a higher band."),
}
