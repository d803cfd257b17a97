"""Why the gap count moved: hand-built reports, each reason fired by the smallest example."""

from __future__ import annotations

import json
from collections import Counter

from assessments.gap_deltas import (
    Closed,
    GapMoves,
    GapRecord,
    MapChanges,
    MovedGaps,
    Opened,
    explain,
    isolated_units,
    reasons_of,
    tally,
)

SALES, FINANCE, APPS, INFRA = 1, 2, 10, 11
UNITS = frozenset({SALES, FINANCE, APPS, INFRA})
PATHS = {SALES: "/0/1/", FINANCE: "/0/2/", APPS: "/9/10/", INFRA: "/9/11/"}


def pair(rule: str, unit: int, team: int) -> GapRecord:
    subject = f"{unit}-{team}"
    return GapRecord(rule, subject, unit, team, None, PATHS[unit], PATHS[team])


def unit_gap(rule: str, unit: int) -> GapRecord:
    return GapRecord(rule, str(unit), unit, None, None, PATHS[unit])


def tp_gap(rule: str, touch_point: int | None, unit: int = SALES) -> GapRecord:
    return GapRecord(rule, f"tp {touch_point or 7}", unit, APPS, touch_point)


NO_CHANGE = MapChanges(UNITS, UNITS)


def test_an_isolated_unit_that_gets_a_touch_point_closes_one_gap_and_opens_its_pairs() -> None:
    # Finance was isolated (GAP-02 only). A touch point with Apps closes that gap; its pair with
    # Infra is now checked (GAP-01) and it has no strategic touch point (GAP-03): 1 -> 2 gaps.
    before = [unit_gap("GAP-02", FINANCE), pair("GAP-01", SALES, INFRA)]
    after = [pair("GAP-01", SALES, INFRA), pair("GAP-01", FINANCE, INFRA)]
    after.append(unit_gap("GAP-03", FINANCE))
    deltas = explain(before, after, MapChanges(UNITS, UNITS, frozenset({70})))
    assert (deltas.before, deltas.after, deltas.change) == (2, 3, 1)
    assert deltas.opened() == {Opened.WAS_ISOLATED: 2}
    assert deltas.closed() == {Closed.FIXED: 1}
    by_rule = {r.rule: r for r in deltas.rules}
    assert set(by_rule) == {"GAP-01", "GAP-02", "GAP-03"}  # nothing moved on other rules
    assert (by_rule["GAP-01"].change, by_rule["GAP-01"].opened_by_new_evidence) == (1, 1)
    assert (by_rule["GAP-02"].change, by_rule["GAP-02"].closed_count) == (-1, 1)
    assert by_rule["GAP-01"].name == "missing expected interaction"
    assert deltas.summary() == (
        "The gap count rose from 2 to 3 (+1): 1 closed; 2 opened, 2 of them by new evidence "
        "(a unit that was isolated now has touch points, so its pairs and levels count: 2)."
    )


def test_a_new_desired_touch_point_makes_its_pair_expected_also_below_the_scope_unit() -> None:
    changes = MapChanges(UNITS, UNITS, new_desired_pairs=frozenset({("/0/1/55/", "/9/11/")}))
    deltas = explain([], [pair("GAP-01", SALES, INFRA), pair("GAP-01", FINANCE, INFRA)], changes)
    by_reason = deltas.opened()
    assert by_reason == {Opened.NEWLY_EXPECTED: 1, Opened.WORSE: 1}  # Finance-Infra: no desire


def test_peer_patterns_are_new_evidence_only_when_desired_touch_points_are_new() -> None:
    gap = pair("GAP-11", SALES, INFRA)
    first = explain([], [gap], MapChanges(UNITS, UNITS, desired_before=False))
    again = explain([], [gap], MapChanges(UNITS, UNITS, desired_before=True))
    assert first.opened() == {Opened.NEWLY_EXPECTED: 1}
    assert again.opened() == {Opened.WORSE: 1}


def test_a_new_unit_a_new_touch_point_and_new_ties_are_new_evidence() -> None:
    changes = MapChanges(UNITS - {FINANCE}, UNITS, new_touch_points=frozenset({7}))
    after = [unit_gap("GAP-03", FINANCE), tp_gap("GAP-12", 7), unit_gap("GAP-08", SALES)]
    deltas = explain([], after, changes)
    assert deltas.opened() == {Opened.NEW_UNIT: 1, Opened.NEW_TOUCH_POINT: 1, Opened.NEW_TIES: 1}
    assert all(reason.is_new_evidence for reason in deltas.opened())


def test_the_same_subject_getting_worse_is_not_new_evidence() -> None:
    # Touch point 7 existed before; its rating dropped to 2.
    deltas = explain([], [tp_gap("GAP-06", 7)], NO_CHANGE)
    assert deltas.opened() == {Opened.WORSE: 1}
    assert deltas.rules[0].opened_by_new_evidence == 0
    assert "0 of them by new evidence" in deltas.summary()


def test_closed_gaps_say_whether_they_were_fixed_or_their_subject_left() -> None:
    before = [unit_gap("GAP-03", FINANCE), tp_gap("GAP-07", None), tp_gap("GAP-06", 8)]
    deltas = explain(before, [], MapChanges(UNITS, UNITS - {FINANCE}))
    assert deltas.closed() == {
        Closed.UNIT_GONE: 1,
        Closed.TOUCH_POINT_GONE: 1,  # its stored link was cleared: deleted
        Closed.FIXED: 1,
    }
    assert deltas.summary().startswith("The gap count fell from 3 to 0 (-3): 3 closed; 0 opened")


def test_a_rule_a_report_kept_only_part_of_is_counted_but_not_itemised() -> None:
    before = [pair("GAP-01", SALES, INFRA)]
    after = [pair("GAP-01", FINANCE, INFRA), unit_gap("GAP-03", SALES)]
    deltas = explain(before, after, NO_CHANGE, {"GAP-01": 40}, {"GAP-01": 38, "GAP-03": 1})
    by_rule = {r.rule: r for r in deltas.rules}
    assert (by_rule["GAP-01"].before, by_rule["GAP-01"].after) == (40, 38)
    assert not by_rule["GAP-01"].itemised and not by_rule["GAP-01"].opened
    assert by_rule["GAP-03"].itemised and by_rule["GAP-03"].opened == {Opened.WORSE: 1}
    assert not deltas.itemised and (deltas.before, deltas.after) == (40, 39)


def test_nothing_moved_says_so() -> None:
    same = [unit_gap("GAP-03", SALES)]
    deltas = explain(same, same, NO_CHANGE)
    assert deltas.rules == [] and deltas.summary() == "The gap count stayed at 1."


def test_a_unit_whose_scores_moved_with_a_touch_point_of_its_own_opened_by_new_evidence() -> None:
    # GAP-13 on Apps: a touch point added on Sales-Apps moved Apps' dimensions.
    changes = MapChanges(UNITS, UNITS, frozenset({9}), frozenset({("/0/1/", "/9/10/")}))
    apps = GapRecord("GAP-13", "Apps", None, APPS, None, "", PATHS[APPS])
    infra = GapRecord("GAP-13", "Infra", None, INFRA, None, "", PATHS[INFRA])
    location = GapRecord("GAP-09", "London")
    deltas = explain([], [apps, infra, location], changes)
    reasons = {subject: why for _, subject, why in deltas.opened_gaps}
    assert reasons == {
        "Apps": Opened.NEW_TOUCH_POINT,
        "Infra": Opened.WORSE,
        "London": Opened.NEW_TIES,
    }


def test_the_moved_gaps_about_some_units_read_back_from_json_with_their_reasons() -> None:
    gaps = [pair("GAP-01", SALES, INFRA), unit_gap("GAP-03", FINANCE), tp_gap("GAP-06", 7)]
    gaps.append(GapRecord("GAP-10", "London"))  # about a location: no business unit
    moves = GapMoves(gaps, [unit_gap("GAP-02", FINANCE)], Counter(), Counter(), frozenset())
    moved = reasons_of(moves, MapChanges(UNITS, UNITS - {FINANCE}, frozenset({7})))
    read_back = MovedGaps.from_json(json.loads(json.dumps(moved.as_json())))
    reasons = [(gap.rule, gap.subject, gap.business_unit, why) for gap, why in read_back.opened]
    assert reasons == [
        ("GAP-01", "1-11", SALES, Opened.WORSE),
        ("GAP-03", "2", FINANCE, Opened.WORSE),
        ("GAP-06", "tp 7", SALES, Opened.NEW_TOUCH_POINT),
        ("GAP-10", "London", None, Opened.NEW_TIES),
    ]
    assert [(gap.key, why) for gap, why in read_back.closed] == [
        (("GAP-02", "2"), Closed.UNIT_GONE)
    ]
    about_sales = read_back.about({SALES})
    assert about_sales is not None
    assert [gap.rule for gap, _ in about_sales.opened] == ["GAP-01", "GAP-06"]
    assert about_sales.closed == []


def test_a_tally_of_some_moved_gaps_counts_only_theirs_against_the_totals_given() -> None:
    before = [unit_gap("GAP-02", FINANCE), pair("GAP-01", SALES, INFRA)]
    after = [pair("GAP-01", FINANCE, INFRA), unit_gap("GAP-03", FINANCE), unit_gap("GAP-03", SALES)]
    old, new = {g.key: g for g in before}, {g.key: g for g in after}
    moves = GapMoves(
        [new[key] for key in new.keys() - old.keys()],
        [old[key] for key in old.keys() - new.keys()],
        Counter(key[0] for key in old),
        Counter(key[0] for key in new),
        isolated_units(old.values()),
    )
    changes = MapChanges(UNITS, UNITS, frozenset({70}))
    moved = reasons_of(moves, changes)
    assert tally(moved, moves.stored_before, moves.stored_after) == explain(before, after, changes)
    about_finance = moved.about({FINANCE})
    assert about_finance is not None
    finance = tally(about_finance, Counter({"GAP-02": 1}), Counter({"GAP-01": 1, "GAP-03": 1}))
    assert (finance.before, finance.after) == (1, 2)
    assert finance.opened() == {Opened.WAS_ISOLATED: 2} and finance.closed() == {Closed.FIXED: 1}
    assert {subject for _, subject, _ in finance.opened_gaps} == {"2-11", "2"}
