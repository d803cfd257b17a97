"""The survey's text and JSON as a reader sees them, the survey block's errors word for word,
and the share of deep pairs behind the SKL evidence: what the mutation run found unpinned."""

import json
from fractions import Fraction
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from assessments.slope.model import Scenario, TouchPoint
from assessments.slope.scenario import ScenarioError
from assessments.survey import (
    Item,
    Response,
    Survey,
    deep_pair_share,
    format_survey_text,
    parse_survey,
    score_survey,
    survey_to_json,
)

FIXTURE = Path(__file__).parents[1] / "assessments" / "fixtures" / "survey_worked_example.json"


def test_the_worked_example_s_survey_reads_as_a_table() -> None:
    out = StringIO()
    call_command("score_scenario", str(FIXTURE), "--format", "text", stdout=out)
    text = out.getvalue()
    block = text[text.index("Perception survey") : text.index("Survey gaps")]
    assert block.split("\n") == [
        "Perception survey (instrument 2026.1)",
        "",
        "all          10 respondents   58.59  Integration",
        "business      5 respondents   52.08  Integration",
        "IT            5 respondents   65.00  Integration",
        "",
        "criterion                    all  business      IT  evidence   diff.",
        "COM Communications         81.25     75.00   87.50     78.47    2.78",
        "VAL Value measurement      50.00     25.00   75.00     62.50  -12.50",
        "GOV Governance             80.00     75.00   85.00     55.00   25.00",
        "PAR Partnership            52.78     50.00   55.00     55.56   -2.78",
        "SCO Scope and architectu   18.75     12.50   25.00     62.50  -43.75",
        "SKL Skills                 68.75     75.00   62.50     25.00   43.75",
        "",
        "",
    ]


def test_the_worked_example_s_survey_json_holds_every_figure_at_full_precision() -> None:
    out = StringIO()
    call_command("score_scenario", str(FIXTURE), stdout=out)
    survey = json.loads(out.getvalue())["survey"]
    assert survey["respondents"] == {"business": 5, "it": 5}
    assert survey["perception"] == {"score": pytest.approx(58.587962962), "band": "Integration"}
    assert survey["perception_business"] == {
        "score": pytest.approx(52.083333333),
        "band": "Integration",
    }
    assert survey["perception_it"] == {"score": 65.0, "band": "Integration"}
    assert survey["criteria"]["PAR"] == {
        "all": pytest.approx(52.777777777),
        "business": 50.0,
        "it": 55.0,
        "evidence": pytest.approx(55.555555555),
        "difference": pytest.approx(-2.777777777),
    }
    assert list(survey["criteria"]) == ["COM", "VAL", "GOV", "PAR", "SCO", "SKL"]


def small_survey() -> Survey:
    """Five business respondents, two on the IT side (too few to report), one unknown criterion."""
    items = (Item("GOV-1", "GOV"), Item("ZZZ-1", "ZZZ"))
    business = [Response("business", {"GOV-1": 4, "ZZZ-1": 2}) for _ in range(5)]
    it = [Response("it", {"GOV-1": 5}) for _ in range(2)]
    return Survey(items, tuple(business + it))


def test_groups_not_reported_and_figures_not_applying_read_as_such() -> None:
    result = score_survey(small_survey(), {"GOV": Fraction(50)})
    assert format_survey_text(result).split("\n") == [
        "Perception survey (instrument 2026.1)",
        "",
        "all           7 respondents   53.57  Integration",  # (82.14 + 25) / 2
        "business      5 respondents   50.00  Integration",
        "IT            2 respondents  not reported",
        "",
        "criterion                    all  business      IT  evidence   diff.",
        "GOV Governance             82.14     75.00     n/a     50.00   32.14",  # 5.75 / 7
        "ZZZ                        25.00     25.00     n/a       n/a     n/a",
        "",
    ]
    as_json = survey_to_json(result)
    assert as_json["perception_it"] is None
    assert as_json["criteria"] == {
        "GOV": {
            "all": pytest.approx(82.142857142),
            "business": 75.0,
            "it": None,
            "evidence": 50.0,
            "difference": pytest.approx(32.142857142),
        },
        "ZZZ": {"all": 25.0, "business": 25.0, "it": None, "evidence": None, "difference": None},
    }


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ([], "survey: expected an object, got list"),
        ({1: []}, "survey: 1 is not a string key"),
        ({"items": {}}, "survey.items: expected a list, got dict"),
        ({"responses": "x"}, "survey.responses: expected a list, got str"),
        ({"extra": 1}, "survey.extra: unknown field"),
        ({"items": ["GOV-1"]}, "survey.items[0]: expected an object, got str"),
        (
            {"items": [{"id": "GOV-1", "criterion": "GOV", "weight": 2}]},
            "survey.items[0].weight: unknown field",
        ),
        (
            {"items": [{"id": "GOV-1", "criterion": "GOV"}], "responses": [{"side": "it"}, []]},
            "survey.responses[1]: expected an object, got list",
        ),
        (
            {"items": [], "responses": [{"side": "it", "answers": [1]}]},
            "survey.responses[0].answers: expected an object, got list",
        ),
    ],
)
def test_a_bad_survey_block_names_the_field_and_what_is_wrong(block: object, message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_survey(block)
    assert str(error.value) == message


def test_a_survey_without_items_or_responses_is_empty() -> None:
    assert parse_survey({}) == Survey((), ())


def touch_point(number: int, unit: str, channel: str, state: str = "current") -> TouchPoint:
    return TouchPoint(f"T{number}", unit, "IT", "operational", state, channel, "weekly")


def test_a_pair_is_deep_by_its_deepest_channel_from_joint_planning_up() -> None:
    scenario = Scenario(
        (),
        (),
        (
            touch_point(1, "A", "joint_planning"),  # 0.8: deep enough
            touch_point(2, "A", "service_desk"),  # a shallower one later changes nothing
            touch_point(3, "B", "steering_committee"),  # 0.6: not deep
            touch_point(4, "C", "embedded_team", state="desired"),  # not a connected pair
        ),
    )
    assert deep_pair_share(scenario) == Fraction(1, 2)


def test_a_scope_without_pairs_has_no_deep_pairs() -> None:
    assert deep_pair_share(Scenario((), (), ())) == Fraction(0)


@pytest.mark.parametrize(
    ("items", "responses", "message"),
    [
        (
            [{"id": " ", "criterion": "GOV"}],
            [],
            "survey.items[0].id: ' ' is not a non-empty string",
        ),
        ([{"id": 3, "criterion": "GOV"}], [], "survey.items[0].id: 3 is not a non-empty string"),
        (
            [{"id": "G", "criterion": "GOV"}, {"id": "G", "criterion": "VAL"}],
            [],
            "survey.items[1].id: 'G' is already the id of an item",
        ),
        (
            [{"id": "G", "criterion": "XYZ"}],
            [],
            "survey.items[0].criterion: 'XYZ' is not one of COM, VAL, GOV, PAR, SCO, SKL",
        ),
        (
            [{"id": "G", "criterion": "GOV"}],
            [{"side": "both"}],
            "survey.responses[0].side: 'both' is not one of business, it",
        ),
        (
            [{"id": "G", "criterion": "GOV"}],
            [{"side": "it", "unit": "Sales", "mood": "good"}],
            "survey.responses[0].mood: unknown field",
        ),
        (
            [{"id": "G", "criterion": "GOV"}],
            [{"side": "it", "answers": {"NOPE": 3}}],
            "survey.responses[0].answers.NOPE: not the id of an item",
        ),
        (
            [{"id": "G", "criterion": "GOV"}],
            [{"side": "it", "answers": {"G": True}}],
            "survey.responses[0].answers.G: True is not an integer from 1 to 5, or null",
        ),
        (
            [{"id": "G", "criterion": "GOV"}],
            [{"side": "it", "answers": {"G": 0}}],
            "survey.responses[0].answers.G: 0 is not an integer from 1 to 5, or null",
        ),
    ],
)
def test_a_bad_item_or_response_names_its_field(
    items: list[object], responses: list[object], message: str
) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_survey({"items": items, "responses": responses})
    assert str(error.value) == message


def test_responses_keep_their_side_and_may_leave_out_their_answers() -> None:
    survey = parse_survey(
        {
            "items": [{"id": "G", "criterion": "GOV", "text": "We plan together."}],
            "responses": [{"side": "business", "answers": {"G": 5}}, {"side": "it"}],
        }
    )
    assert survey == Survey(
        (Item("G", "GOV"),), (Response("business", {"G": 5}), Response("it", {}))
    )


def belief_result(answer: int, texts: dict[str, str] | None = None) -> list[tuple[object, ...]]:
    """Ten respondents answering `answer` to one GOV statement, against evidence 50."""
    responses = [Response(side, {"G": answer}) for side in ("business", "it") for _ in range(5)]
    result = score_survey(
        Survey((Item("G", "GOV"),), tuple(responses)), {"GOV": Fraction(50)}, texts
    )
    return [
        (gap.rule, gap.severity, gap.subject.code, dict(gap.evidence), gap.recommendation)
        for gap in result.gaps
    ]


def test_belief_above_and_below_the_evidence_say_so_with_their_figures() -> None:
    assert belief_result(5) == [
        (
            "SURV-01",
            "high",
            "GOV",
            {"perception": Fraction(100), "evidence": Fraction(50), "difference": Fraction(50)},
            "People believe priorities are set together, but few touch points run through a "
            "steering committee or joint planning: put the forum on the calendar.",
        )
    ]
    assert belief_result(1) == [
        (
            "SURV-02",
            "low",
            "GOV",
            {"perception": Fraction(0), "evidence": Fraction(50), "difference": Fraction(-50)},
            "The touch points show more governance than people believe: show them the evidence "
            "(the dashboard, the forums that meet) and ask what they do not see.",
        )
    ]


def test_a_workspace_s_own_wording_replaces_the_recommendations() -> None:
    texts = {"SURV-01": "Ours, above.", "SURV-02": "Ours, below."}
    assert [gap[-1] for gap in belief_result(5, texts)] == ["Ours, above."]
    assert [gap[-1] for gap in belief_result(1, texts)] == ["Ours, below."]


def test_evidence_of_communications_is_the_mean_of_breadth_and_cadence_or_none() -> None:
    from assessments.slope.model import Dimensions
    from assessments.survey import criterion_evidence

    both = Dimensions(B=Fraction(1, 2), V=None, K=None, F=Fraction(3, 4), E=Fraction(1, 5), X=None)
    assert criterion_evidence(both, Fraction(0)) == {
        "COM": Fraction(125, 2),
        "VAL": Fraction(20),
        "GOV": None,
        "PAR": None,
        "SCO": None,
        "SKL": Fraction(0),
    }
    neither = Dimensions(B=None, V=None, K=None, F=None, E=None, X=None)
    assert criterion_evidence(neither, Fraction(1, 2))["COM"] is None


def test_the_worked_example_s_survey_gaps_are_listed_in_gap_order() -> None:
    out = StringIO()
    call_command("score_scenario", str(FIXTURE), "--format", "text", stdout=out)
    text = out.getvalue()
    lines = text[text.index("Survey gaps") :].split("\n")
    assert [line[:21] for line in lines[:5]] == [
        "Survey gaps (4)",
        "SURV-01  high     SKL",
        "SURV-01  medium   GOV",
        "SURV-03  medium   VAL",
        "SURV-02  low      SCO",
    ]
    assert lines[3] == (
        "SURV-03  medium   VAL: Run a joint session on this criterion and compare the two "
        "sides' examples."
    )


def sides_result(texts: dict[str, str] | None = None) -> list[tuple[object, ...]]:
    """Five business respondents at 1 and three IT respondents at 5: apart and too few."""
    responses = [Response("business", {"G": 1}) for _ in range(5)] + [
        Response("it", {"G": 5}) for _ in range(3)
    ]
    result = score_survey(
        Survey((Item("G", "GOV"),), tuple(responses)), {"GOV": Fraction(0)}, texts
    )
    return [(gap.rule, gap.severity, dict(gap.evidence), gap.recommendation) for gap in result.gaps]


def test_too_few_on_one_side_is_said_with_the_count_and_the_minimum() -> None:
    assert sides_result() == [
        (
            "SURV-01",
            "medium",
            {"perception": Fraction(75, 2), "evidence": Fraction(0), "difference": Fraction(75, 2)},
            "People believe priorities are set together, but few touch points run through a "
            "steering committee or joint planning: put the forum on the calendar.",
        ),
        (
            "SURV-04",
            "info",
            {"respondents": 3, "minimum": 5},
            "Fewer than five people of this side answered: share the link again with this side "
            "before closing, or read the other figures with care.",
        ),
    ]
    ours = sides_result({"SURV-04": "Ask again.", "SURV-03": "Talk."})
    assert [gap[-1] for gap in ours if gap[0] == "SURV-04"] == ["Ask again."]


def test_sides_apart_say_so_with_both_figures_in_a_workspace_s_own_words() -> None:
    responses = [Response("business", {"G": 1}) for _ in range(5)] + [
        Response("it", {"G": 5}) for _ in range(5)
    ]
    survey = Survey((Item("G", "GOV"),), tuple(responses))
    for texts, wording in [(None, "Run a joint session"), ({"SURV-03": "Talk."}, "Talk.")]:
        gaps = score_survey(survey, {"GOV": Fraction(50)}, texts).gaps
        assert [(gap.rule, dict(gap.evidence)) for gap in gaps] == [
            ("SURV-03", {"business": Fraction(0), "it": Fraction(100), "apart": Fraction(100)})
        ]
        assert gaps[0].recommendation.startswith(wording)


def test_a_criterion_of_the_workspace_s_own_has_no_stock_recommendation() -> None:
    for answer, rule in [(5, "SURV-01"), (1, "SURV-02")]:
        responses = [Response(side, {"Z": answer}) for side in ("business", "it") for _ in range(5)]
        result = score_survey(Survey((Item("Z", "ZZZ"),), tuple(responses)), {"ZZZ": Fraction(50)})
        assert [(gap.rule, gap.subject.code, gap.recommendation) for gap in result.gaps] == [
            (rule, "ZZZ", "")
        ]
