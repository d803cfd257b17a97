"""The versioned tables, every value written out: changing one is a change of the scoring
version (tables.VERSION), made on purpose and reviewed here, never by accident."""

import string
from fractions import Fraction

from assessments.slope import tables

F = Fraction


def test_the_2026_1_tables_hold_exactly_these_values() -> None:
    assert tables.VERSION == "2026.1"
    assert tables.LEVELS == ("strategic", "tactical", "operational")
    assert tables.STATES == ("current", "desired")
    assert tables.CRITICALITIES == ("high", "normal")
    assert {
        "service_desk": F(2, 10),
        "sla_review": F(4, 10),
        "steering_committee": F(6, 10),
        "joint_planning": F(8, 10),
        "community_of_practice": F(8, 10),
        "embedded_team": F(1),
    } == tables.CHANNEL_DEPTH
    assert {
        "ad_hoc": F(0),
        "yearly": F(2, 10),
        "quarterly": F(4, 10),
        "monthly": F(6, 10),
        "weekly": F(8, 10),
        "daily": F(1),
    } == tables.FREQUENCY_SCORE
    assert {
        "strategic": F(4, 10),
        "tactical": F(6, 10),
        "operational": F(8, 10),
    } == tables.CADENCE_NORM
    assert tables.NORM_FREQUENCY == {
        "strategic": "quarterly",
        "tactical": "monthly",
        "operational": "weekly",
    }
    assert tables.DIMENSIONS == ("B", "V", "K", "F", "E", "X")
    assert tables.DIMENSION_NAMES == {
        "B": "breadth",
        "V": "vertical reach",
        "K": "channel depth",
        "F": "cadence",
        "E": "effectiveness",
        "X": "boundary spanning",
    }
    assert {
        "B": F(25, 100),
        "V": F(20, 100),
        "K": F(15, 100),
        "F": F(10, 100),
        "E": F(15, 100),
        "X": F(15, 100),
    } == tables.WEIGHTS
    assert (
        ("Islands", F(0)),
        ("Alignment", F(25)),
        ("Integration", F(50)),
        ("Convergence", F(70)),
        ("Fusion", F(85)),
    ) == tables.BANDS
    assert F(4, 10) == tables.TRANSACTIONAL_DEPTH_MAX
    assert tables.INEFFECTIVE_MAX == 2
    assert F(3, 4) == tables.UNDER_CADENCE_BELOW
    assert F(1, 2) == tables.PEER_SHARE_MIN
    assert tables.SEVERITIES == ("critical", "high", "medium", "low", "info")
    assert tables.RULE_NAMES == {
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


def test_every_rule_has_a_default_recommendation_naming_its_subject() -> None:
    # The texts are prose, edited per workspace; what is versioned is which names they fill in.
    fields = {
        rule: sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)
        for rule, text in tables.RECOMMENDATIONS.items()
    }
    assert fields == {
        "GAP-01": ["business_unit", "it_team", "level"],
        "GAP-02": ["subject"],
        "GAP-03": ["subject"],
        "GAP-04": ["business_unit", "it_team"],
        "GAP-05": ["subject"],
        "GAP-06": ["business_unit", "it_team", "level"],
        "GAP-07": ["business_unit", "expected_frequency", "it_team", "level"],
        "GAP-08": ["subject"],
        "GAP-09": ["location"],
        "GAP-10": [],
        "GAP-11": ["business_unit", "it_team"],
        "GAP-12": ["business_unit", "it_team", "level"],
        "GAP-13": ["subject", "weakest_dimension"],
    }
