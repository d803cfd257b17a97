"""Read a scenario from plain JSON data (SLOPE.md, "Scenario files"), naming the offending field
path in every error: ``touch_points[3].frequency: 'fortnightly' is not one of ad_hoc, ...``."""

from collections.abc import Collection, Mapping

from . import tables
from .model import BusinessUnit, ITTeam, Scenario, TouchPoint

# "survey" is the perception survey's block (SURVEY.md), read by assessments.survey.
_SCENARIO_FIELDS = {"business_units", "it_teams", "touch_points", "name", "description", "survey"}
_BUSINESS_UNIT_FIELDS = {"id", "name", "location", "criticality"}
_IT_TEAM_FIELDS = {"id", "name", "location"}
_TOUCH_POINT_FIELDS = {
    "id",
    "business_unit",
    "it_team",
    "level",
    "channel",
    "frequency",
    "effectiveness",
    "initiated_by",
    "state",
}
_MISSING = object()


class ScenarioError(ValueError):
    """A scenario that cannot be scored; ``path`` names the field, e.g. ``it_teams[2].id``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _mapping(value: object, path: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ScenarioError(path, f"expected an object, got {type(value).__name__}")
    return value


def _list(data: Mapping[str, object], key: str, path: str = "") -> list[object]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ScenarioError(path + key, f"expected a list, got {type(value).__name__}")
    return value


def _only_fields(item: Mapping[str, object], allowed: Collection[str], path: str) -> None:
    for key in item:
        if key not in allowed:
            raise ScenarioError(f"{path}.{key}" if path else key, "unknown field")


def _required(item: Mapping[str, object], key: str, path: str) -> object:
    value = item.get(key, _MISSING)
    if value is _MISSING or value is None:
        raise ScenarioError(f"{path}.{key}", "required")
    return value


def _identifier(value: object, path: str) -> str:
    """Ids may be strings or integers (database keys); both become strings."""
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise ScenarioError(path, f"{value!r} is not a non-empty string or an integer")
    return str(value)


def _text(item: Mapping[str, object], key: str, path: str, default: str | None = None) -> str:
    value = item.get(key, default) if default is not None else _required(item, key, path)
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"{path}.{key}", f"{value!r} is not a non-empty string")
    return value


def _choice(
    item: Mapping[str, object],
    key: str,
    path: str,
    choices: Collection[str],
    default: str | None = None,
) -> str:
    value = item.get(key, default) if default is not None else _required(item, key, path)
    if value not in choices:
        raise ScenarioError(f"{path}.{key}", f"{value!r} is not one of {', '.join(choices)}")
    return str(value)


def _effectiveness(item: Mapping[str, object], path: str) -> int | None:
    value = item.get("effectiveness")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ScenarioError(
            f"{path}.effectiveness", f"{value!r} is not an integer from 1 to 5, or null"
        )
    return value


def _reference(item: Mapping[str, object], key: str, path: str, known: Collection[str]) -> str:
    unit_id = _identifier(_required(item, key, path), f"{path}.{key}")
    if unit_id not in known:
        kind = key.replace("_", " ")
        raise ScenarioError(f"{path}.{key}", f"{unit_id!r} is not the id of a {kind}")
    return unit_id


def _claim_id(item: Mapping[str, object], path: str, seen: dict[str, str]) -> str:
    unit_id = _identifier(_required(item, "id", path), f"{path}.id")
    if unit_id in seen:
        raise ScenarioError(f"{path}.id", f"{unit_id!r} is already the id of {seen[unit_id]}")
    seen[unit_id] = path
    return unit_id


def _business_unit(value: object, path: str, seen: dict[str, str]) -> BusinessUnit:
    item = _mapping(value, path)
    _only_fields(item, _BUSINESS_UNIT_FIELDS, path)
    unit_id = _claim_id(item, path, seen)
    return BusinessUnit(
        id=unit_id,
        name=_text(item, "name", path, default=unit_id),
        location=_text(item, "location", path),
        criticality=_choice(item, "criticality", path, tables.CRITICALITIES, default="normal"),
    )


def _it_team(value: object, path: str, seen: dict[str, str]) -> ITTeam:
    item = _mapping(value, path)
    _only_fields(item, _IT_TEAM_FIELDS, path)
    team_id = _claim_id(item, path, seen)
    return ITTeam(
        id=team_id,
        name=_text(item, "name", path, default=team_id),
        location=_text(item, "location", path),
    )


def _optional_choice(
    item: Mapping[str, object], key: str, path: str, choices: Collection[str], required: bool
) -> str | None:
    if not required and item.get(key) is None:
        return None
    return _choice(item, key, path, choices)


def _touch_point(
    value: object, path: str, position: int, unit_ids: set[str], team_ids: set[str]
) -> TouchPoint:
    """A desired touch point needs only its pair and level; fields it does give are checked."""
    item = _mapping(value, path)
    _only_fields(item, _TOUCH_POINT_FIELDS, path)
    state = _choice(item, "state", path, tables.STATES, default="current")
    current = state == "current"
    initiated_by = item.get("initiated_by")
    if initiated_by is not None and not isinstance(initiated_by, str):
        raise ScenarioError(f"{path}.initiated_by", f"{initiated_by!r} is not a string")
    has_id = item.get("id") is not None
    return TouchPoint(
        id=_identifier(item["id"], f"{path}.id") if has_id else str(position + 1),
        business_unit=_reference(item, "business_unit", path, unit_ids),
        it_team=_reference(item, "it_team", path, team_ids),
        level=_choice(item, "level", path, tables.LEVELS),
        state=state,
        channel=_optional_choice(item, "channel", path, tables.CHANNEL_DEPTH, current),
        frequency=_optional_choice(item, "frequency", path, tables.FREQUENCY_SCORE, current),
        effectiveness=_effectiveness(item, path),
        initiated_by=initiated_by,
    )


def _touch_points(
    values: list[object], unit_ids: set[str], team_ids: set[str]
) -> tuple[TouchPoint, ...]:
    touch_points = []
    seen: dict[str, str] = {}
    for i, value in enumerate(values):
        path = f"touch_points[{i}]"
        tp = _touch_point(value, path, i, unit_ids, team_ids)
        if tp.id in seen:
            raise ScenarioError(f"{path}.id", f"{tp.id!r} is already the id of {seen[tp.id]}")
        seen[tp.id] = path
        touch_points.append(tp)
    return tuple(touch_points)


def parse_scenario(data: object) -> Scenario:
    """Validate plain JSON data and build a Scenario, or raise ScenarioError naming the field.

    Ids must be unique across business units and IT teams, since results key units by id.
    A touch point without an id takes its 1-based position in the list.
    """
    root = _mapping(data, "scenario")
    _only_fields(root, _SCENARIO_FIELDS, "")
    seen: dict[str, str] = {}
    units = tuple(
        _business_unit(value, f"business_units[{i}]", seen)
        for i, value in enumerate(_list(root, "business_units"))
    )
    teams = tuple(
        _it_team(value, f"it_teams[{i}]", seen) for i, value in enumerate(_list(root, "it_teams"))
    )
    unit_ids, team_ids = {unit.id for unit in units}, {team.id for team in teams}
    touch_points = _touch_points(_list(root, "touch_points"), unit_ids, team_ids)
    return Scenario(units, teams, touch_points)
