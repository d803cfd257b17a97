"""The result as JSON data (SLOPE.md, "Scenario files") and as a readable text table."""

from fractions import Fraction

from . import tables
from .model import Dimensions, Gap, Rating, Result

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def percent(value: Fraction | None) -> float | None:
    """``float(100 * value)`` without the Fraction product: a true division of integers is
    correctly rounded, so the float is the same to the last digit."""
    return None if value is None else 100 * value.numerator / value.denominator


def _dimensions_json(dimensions: Dimensions) -> dict[str, JsonValue]:
    return {letter: percent(value) for letter, value in dimensions.items()}


def _rating_json(rating: Rating) -> dict[str, JsonValue]:
    return {
        "score": float(rating.score),
        "band": rating.band,
        "capped_by": rating.capped_by,
        "dimensions": _dimensions_json(rating.dimensions),
    }


def _evidence_value(value: object) -> JsonValue:
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, list):
        return [_evidence_value(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def gap_json(gap: Gap) -> dict[str, JsonValue]:
    return {
        "rule": gap.rule,
        "severity": gap.severity,
        "subject": gap.subject.name,
        "evidence": {key: _evidence_value(value) for key, value in gap.evidence.items()},
        "recommendation": gap.recommendation,
    }


def result_to_json(result: Result, *, include_meta: bool = False) -> dict[str, JsonValue]:
    """Scores and dimensions on 0..100 at full precision; a dimension that does not apply is
    None. ``include_meta`` adds ``tables_version`` and the true ``gap_counts``, which the
    SLOPE.md format leaves out."""
    scope = result.scope
    data: dict[str, JsonValue] = {
        "scope": {
            **_rating_json(scope.rating),
            "ei_index": _number(scope.ei_index),
            "mean_business_unit_score": _number(scope.mean_business_unit_score),
        },
        "units": {
            unit_id: {"side": unit.side, **_rating_json(unit.rating)}
            for unit_id, unit in result.units.items()
        },
        "gaps": [gap_json(gap) for gap in result.gaps],
    }
    if include_meta:
        data["tables_version"] = result.tables_version
        data["gap_counts"] = dict(result.gap_counts.items())
    return data


def _shown(value: Fraction | None) -> str:
    return "n/a" if value is None else f"{float(value):.2f}"


def _rating_row(name: str, side: str, rating: Rating) -> str:
    dims = " ".join(
        f"{_shown(None if v is None else 100 * v):>6}" for _, v in rating.dimensions.items()
    )
    cap = f" (capped by {rating.capped_by})" if rating.capped_by else ""
    return f"{name[:24]:<24} {side:<8} {dims} {float(rating.score):>6.2f}  {rating.band}{cap}"


def format_text(result: Result) -> str:
    """A table of the scope, each unit and each gap, figures rounded to two places."""
    header = f"{'unit':<24} {'side':<8} " + " ".join(f"{d:>6}" for d in tables.DIMENSIONS)
    header += f" {'score':>6}  band"
    scope = result.scope
    lines = [
        f"Convergence slope (tables {result.tables_version})",
        "",
        header,
        _rating_row("whole scope", "", scope.rating),
        f"E-I index {_shown(scope.ei_index)}; "
        f"mean business unit score {_shown(scope.mean_business_unit_score)}",
        "",
        *(_rating_row(u.name, u.side, u.rating) for u in result.units.values()),
        "",
        f"Gaps ({sum(result.gap_counts.values())}, {len(result.gaps)} shown)",
    ]
    lines += [
        f"{gap.rule}  {gap.severity:<8} {gap.subject.name}: {gap.recommendation}"
        for gap in result.gaps
    ]
    return "\n".join(lines) + "\n"
