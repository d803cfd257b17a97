"""The survey engine's arithmetic and each SURV rule, on small hand-computed surveys."""

from collections.abc import Mapping
from fractions import Fraction

from assessments.slope.model import Dimensions, Side
from assessments.survey import (
    Item,
    Response,
    Survey,
    SurveyResult,
    criterion_evidence,
    instrument,
    score_survey,
)

ITEMS = (Item("GOV-1", "GOV"), Item("GOV-2", "GOV"), Item("VAL-1", "VAL"))
EVIDENCE = {"GOV": Fraction(55), "VAL": Fraction(50)}


def respondents(side: Side, count: int, **answers: int | None) -> list[Response]:
    keys = {key.replace("_", "-"): value for key, value in answers.items()}
    return [Response(side, dict(keys)) for _ in range(count)]


def both_sides(business: Mapping[str, int | None], it: Mapping[str, int | None]) -> list[Response]:
    return respondents("business", 5, **business) + respondents("it", 5, **it)


def rules(result: SurveyResult) -> list[tuple[str, str, str]]:
    return [(g.rule, g.severity, g.subject.name) for g in result.gaps]


def test_an_answer_counts_a_minus_one_over_four() -> None:
    survey = Survey(ITEMS, tuple(both_sides({"GOV_1": 5, "GOV_2": 2}, {"GOV_1": 3, "GOV_2": 3})))
    result = score_survey(survey, EVIDENCE)
    assert result.criteria["GOV"].business == Fraction(625, 10)  # (1 + 1/4) / 2
    assert result.criteria["GOV"].it == 50
    assert result.criteria["GOV"].all == Fraction(5625, 100)


def test_dont_know_does_not_count_as_an_answer() -> None:
    survey = Survey(ITEMS, tuple(both_sides({"GOV_1": 5, "GOV_2": None}, {"GOV_1": 5})))
    assert score_survey(survey, EVIDENCE).criteria["GOV"].business == 100


def test_a_respondent_with_no_counted_answer_counts_toward_five_but_not_in_the_mean() -> None:
    blank = [Response("business", {"GOV-1": None, "GOV-2": None})]
    answered = respondents("business", 4, GOV_1=1)
    survey = Survey(ITEMS, tuple(blank + answered + respondents("it", 5, GOV_1=1)))
    result = score_survey(survey, EVIDENCE)
    assert result.business.respondents == 5
    assert result.criteria["GOV"].business == 0  # the four who answered, not diluted to five
    assert result.business.score == 0


def test_a_group_with_no_perception_at_all_has_no_score() -> None:
    survey = Survey(ITEMS, tuple(respondents("business", 5, GOV_1=None)))
    result = score_survey(survey, EVIDENCE)
    assert result.business.respondents == 5
    assert result.business.score is None
    assert result.business.band is None


def test_a_group_under_five_is_null_and_raises_surv_04() -> None:
    survey = Survey(
        ITEMS, tuple(respondents("business", 4, GOV_1=5) + respondents("it", 5, GOV_1=1))
    )
    result = score_survey(survey, EVIDENCE)
    assert result.business.score is None
    assert set(result.business.criteria.values()) == {None}
    assert result.criteria["GOV"].business is None
    assert result.all.respondents == 9 and result.criteria["GOV"].all is not None
    # Only one side reported: the sides cannot be compared.
    assert ("SURV-04", "info", "business") in rules(result)
    assert not any(rule == "SURV-03" for rule, _, _ in rules(result))


def test_fewer_than_five_in_all_reports_nothing_and_fires_no_difference() -> None:
    survey = Survey(ITEMS, tuple(respondents("business", 2, GOV_1=5)))
    result = score_survey(survey, {"GOV": Fraction(0)})
    assert result.all.score is None
    assert result.criteria["GOV"].difference is None
    assert rules(result) == [("SURV-04", "info", "business"), ("SURV-04", "info", "it")]


def test_surv_01_fires_at_exactly_25_as_medium_and_not_just_below() -> None:
    # GOV all = 87.5 (answers 4 and 5: (3/4 + 1) / 2); evidence 62.5 exactly, as E = 5/8 gives.
    answers = {"GOV_1": 4, "GOV_2": 5}
    survey = Survey(ITEMS, tuple(both_sides(answers, answers)))
    at_edge = score_survey(survey, {"GOV": Fraction(5, 8) * 100})
    assert at_edge.criteria["GOV"].difference == 25
    assert ("SURV-01", "medium", "GOV") in rules(at_edge)
    below = score_survey(survey, {"GOV": Fraction(125, 2) + Fraction(1, 10**9)})
    assert not any(rule == "SURV-01" for rule, _, _ in rules(below))


def test_surv_01_is_high_from_40() -> None:
    survey = Survey(ITEMS, tuple(both_sides({"GOV_1": 5}, {"GOV_1": 5})))
    assert ("SURV-01", "high", "GOV") in rules(score_survey(survey, {"GOV": Fraction(60)}))
    medium = score_survey(survey, {"GOV": Fraction(60) + Fraction(1, 10**9)})
    assert ("SURV-01", "medium", "GOV") in rules(medium)


def test_surv_02_fires_at_exactly_minus_25_as_low() -> None:
    survey = Survey(ITEMS, tuple(both_sides({"GOV_1": 2}, {"GOV_1": 2})))  # 25
    assert ("SURV-02", "low", "GOV") in rules(score_survey(survey, {"GOV": Fraction(50)}))
    near = score_survey(survey, {"GOV": Fraction(50) - Fraction(1, 10**9)})
    assert not any(rule == "SURV-02" for rule, _, _ in rules(near))


def test_surv_03_fires_when_the_sides_are_exactly_25_apart() -> None:
    survey = Survey(ITEMS, tuple(both_sides({"GOV_1": 3}, {"GOV_1": 4})))  # 50 against 75
    result = score_survey(survey, {"GOV": Fraction(625, 10)})
    assert rules(result) == [("SURV-03", "medium", "GOV")]
    assert result.gaps[0].evidence["apart"] == 25
    closer = Survey(ITEMS, tuple(both_sides({"GOV_1": 3, "GOV_2": 4}, {"GOV_1": 4})))
    assert rules(score_survey(closer, {"GOV": Fraction(70)})) == []


def test_a_criterion_without_evidence_fires_none_of_its_rules() -> None:
    survey = Survey(ITEMS, tuple(both_sides({"VAL_1": 1}, {"VAL_1": 5})))
    result = score_survey(survey, {"GOV": Fraction(50), "VAL": None})
    assert result.criteria["VAL"].evidence is None
    assert result.criteria["VAL"].difference is None
    assert result.criteria["VAL"].all == 50
    assert rules(result) == []


def test_an_edited_instrument_scores_only_its_own_statements() -> None:
    # GOV reworded and a third statement added; VAL retired; SKL gained a statement.
    edited = (Item("GOV-1", "GOV"), Item("GOV-5", "GOV"), Item("SKL-5", "SKL"))
    answers = {"GOV-1": 5, "GOV-5": 3, "SKL-5": 2, "VAL-1": 1}  # VAL-1 left from a draft
    survey = Survey(
        edited, tuple(Response(s, answers) for s in ("business", "it") for _ in range(5))
    )
    result = score_survey(survey, {"GOV": Fraction(75), "SKL": Fraction(25)})
    assert list(result.criteria) == ["GOV", "SKL"]
    assert result.criteria["GOV"].all == 75
    assert result.all.score == Fraction(75 + 25, 2)
    assert rules(result) == []


def test_evidence_takes_the_mean_of_breadth_and_cadence_for_communications() -> None:
    dims = Dimensions(
        B=Fraction(2, 3), V=Fraction(5, 9), K=Fraction(11, 20), F=None, E=None, X=Fraction(5, 8)
    )
    evidence = criterion_evidence(dims, Fraction(1, 4))
    assert evidence == {
        "COM": Fraction(200, 3),
        "VAL": None,
        "GOV": Fraction(55),
        "PAR": Fraction(500, 9),
        "SCO": Fraction(125, 2),
        "SKL": Fraction(25),
    }


def test_the_default_instrument_has_four_statements_for_each_of_six_criteria() -> None:
    statements = instrument.DEFAULT_STATEMENTS
    assert len(statements) == 24
    assert {s.criterion for s in statements} == set(instrument.CRITERIA)
    assert len({s.id for s in statements}) == 24
    assert statements[8].text == "Business and IT set IT priorities together."
