"""Read the ``survey`` block of a scenario (SURVEY.md, "Scenario files"), naming the offending
field path in every error, as the slope's parse_scenario does."""

from collections.abc import Mapping

from assessments.slope.scenario import ScenarioError

from . import instrument
from .model import Item, Response, Survey

_SURVEY_FIELDS = {"items", "responses"}
_ITEM_FIELDS = {"id", "criterion", "text"}
_RESPONSE_FIELDS = {"side", "answers", "unit", "role_level"}


def _mapping(value: object, path: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ScenarioError(path, f"expected an object, got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise ScenarioError(path, f"{key!r} is not a string key")
    return value


def _list(item: Mapping[str, object], key: str, path: str) -> list[object]:
    value = item.get(key, [])
    if not isinstance(value, list):
        raise ScenarioError(f"{path}.{key}", f"expected a list, got {type(value).__name__}")
    return value


def _only(item: Mapping[str, object], allowed: set[str], path: str) -> None:
    for key in item:
        if key not in allowed:
            raise ScenarioError(f"{path}.{key}", "unknown field")


def _item(value: object, path: str, seen: set[str]) -> Item:
    item = _mapping(value, path)
    _only(item, _ITEM_FIELDS, path)
    item_id, criterion = item.get("id"), item.get("criterion")
    if not isinstance(item_id, str) or not item_id.strip():
        raise ScenarioError(f"{path}.id", f"{item_id!r} is not a non-empty string")
    if item_id in seen:
        raise ScenarioError(f"{path}.id", f"{item_id!r} is already the id of an item")
    if criterion not in instrument.CRITERIA:
        choices = ", ".join(instrument.CRITERIA)
        raise ScenarioError(f"{path}.criterion", f"{criterion!r} is not one of {choices}")
    seen.add(item_id)
    return Item(item_id, str(criterion))


def _answer(value: object, path: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in instrument.ANSWERS:
        raise ScenarioError(path, f"{value!r} is not an integer from 1 to 5, or null")
    return value


def _response(value: object, path: str, item_ids: set[str]) -> Response:
    item = _mapping(value, path)
    _only(item, _RESPONSE_FIELDS, path)
    side = item.get("side")
    if side not in instrument.SIDES:
        raise ScenarioError(f"{path}.side", f"{side!r} is not one of business, it")
    answers = _mapping(item.get("answers", {}), f"{path}.answers")
    for item_id in answers:
        if item_id not in item_ids:
            raise ScenarioError(f"{path}.answers.{item_id}", "not the id of an item")
    parsed = {key: _answer(answer, f"{path}.answers.{key}") for key, answer in answers.items()}
    return Response("business" if side == "business" else "it", parsed)


def parse_survey(data: object) -> Survey:
    """Validate a scenario's ``survey`` block and build a Survey, or raise ScenarioError."""
    root = _mapping(data, "survey")
    _only(root, _SURVEY_FIELDS, "survey")
    seen: set[str] = set()
    items = tuple(
        _item(value, f"survey.items[{i}]", seen)
        for i, value in enumerate(_list(root, "items", "survey"))
    )
    responses = tuple(
        _response(value, f"survey.responses[{i}]", seen)
        for i, value in enumerate(_list(root, "responses", "survey"))
    )
    return Survey(items, responses)
