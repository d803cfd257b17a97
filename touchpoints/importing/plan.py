"""The diff between a parsed org chart and a workspace's units, matched by code.

Fields the file has a column for are taken from the file; fields it has no column for keep
what the workspace has. A side or criticality cell left blank also keeps the stored value, so
an admin's IT marks survive a re-import of a file that does not say.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from touchpoints.models import Criticality, ImportMode, Location, OrgUnit
from touchpoints.orgchart import ParsedChart, ParsedUnit, Problem

# Column widths of OrgUnit and Location: longer codes are refused, longer labels shortened.
MAX_CODE = OrgUnit._meta.get_field("code").max_length or 200
MAX_NAME = OrgUnit._meta.get_field("name").max_length or 300
MAX_KIND = OrgUnit._meta.get_field("kind").max_length or 100
MAX_LOCATION = Location._meta.get_field("name").max_length or 200
MAX_NOTE = OrgUnit._meta.get_field("note").max_length or 500

# An import retiring more than this share of the active units, or more than this many, is
# shown in red and needs the admin to type the number (`--allow-retire N` on the command line).
GUARD_SHARE = 0.10
GUARD_UNITS = 50

HIGH_CRITICALITY = frozenset({"high", "very high", "critical", "yes", "y", "true", "1", "x"})
CHANGE_KINDS = ("created", "renamed", "moved", "updated", "retired", "reactivated")


@dataclass(frozen=True, slots=True)
class Stored:
    """A unit as the workspace has it before the import."""

    id: int
    code: str
    name: str
    parent_code: str | None
    kind: str
    location: str | None
    side_mark: str
    criticality: str
    is_active: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """A unit as it will be after the import; `stored` is None for a new one."""

    code: str
    name: str
    parent_code: str | None
    kind: str
    location: str | None
    side_mark: str
    criticality: str
    row: int | None
    stored: Stored | None
    note: str = ""

    @property
    def is_changed(self) -> bool:
        stored = self.stored
        return stored is None or not stored.is_active or self.values() != stored_values(stored)

    def values(self) -> tuple[object, ...]:
        return (
            self.name,
            self.parent_code,
            self.kind,
            self.location,
            self.side_mark,
            self.criticality,
            self.note,
        )


def stored_values(stored: Stored) -> tuple[object, ...]:
    return (
        stored.name,
        stored.parent_code,
        stored.kind,
        stored.location,
        stored.side_mark,
        stored.criticality,
        stored.note,
    )


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the preview: which unit, from which row, and what happens to it."""

    code: str
    name: str
    row: int | None
    detail: str = ""

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "row": self.row, "detail": self.detail}


@dataclass
class ImportPlan:
    """Everything an import would do, computed before anything changes."""

    workspace_id: int
    chart: ParsedChart
    targets: list[Target] = field(default_factory=list)
    retire: list[Stored] = field(default_factory=list)
    changes: dict[str, list[Change]] = field(
        default_factory=lambda: {kind: [] for kind in CHANGE_KINDS}
    )
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    mode: str = ImportMode.SYNC
    # Active units of the workspace before the import, for the retirement guard.
    active_before: int = 0
    # Once applied: the people kept in the directory ("people added", "people updated").
    people: dict[str, int] = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        return len({p.row for p in self.problems if p.severity == "error" and p.row is not None})

    @property
    def refusal(self) -> str:
        """Why this file cannot be applied; empty when it can."""
        if self.chart.fatal:
            return f"The file cannot be imported: {self.chart.fatal}"
        if not self.targets:
            return (
                "No row of the file holds a valid unit, so importing it would retire the whole "
                "org chart. Fix the rejected rows (or the column mapping) and upload it again."
            )
        return ""

    @property
    def depth(self) -> int:
        """Levels of the imported tree, the roots being level 1 (targets come parents first)."""
        level: dict[str, int] = {}
        for target in self.targets:
            parent = target.parent_code
            level[target.code] = level.get(parent, 0) + 1 if parent else 1
        return max(level.values(), default=0)

    @property
    def roots(self) -> int:
        return sum(1 for target in self.targets if target.parent_code is None)

    @property
    def orphans(self) -> int:
        return sum(1 for unit in self.chart.units if unit.orphan)

    @property
    def needs_confirmation(self) -> bool:
        """Retiring this much is a mistake more often than not: the admin must type the number."""
        retiring = len(self.retire)
        return retiring > GUARD_UNITS or retiring > GUARD_SHARE * self.active_before

    def guard_refusal(self, allowed: int | None) -> str:
        """Why the retirements are not allowed as confirmed (`allowed`); empty when they are."""
        if not self.needs_confirmation or (allowed is not None and len(self.retire) <= allowed):
            return ""
        confirmed = "none were confirmed" if allowed is None else f"only {allowed} were confirmed"
        return (
            f"This import would retire {len(self.retire)} of the {self.active_before} active "
            f"units and {confirmed}. Check that the file is the whole org chart, then confirm "
            f"by typing {len(self.retire)} (--allow-retire {len(self.retire)}), or import in "
            "'add and update only' mode, which retires nothing."
        )

    @property
    def is_noop(self) -> bool:
        return not any(self.changes.values())

    def counts(self) -> dict[str, int]:
        counts = {kind: len(changes) for kind, changes in self.changes.items()}
        return counts | {"unchanged": self.unchanged, "rejected": self.rejected} | self.people


def plan_import(workspace_id: int, chart: ParsedChart, mode: str = ImportMode.SYNC) -> ImportPlan:
    """Compare `chart` with the workspace's units: reads the database, writes nothing.

    In full-sync mode the active units the file does not list are retired; in add-and-update
    mode they are left as they are.
    """
    plan = ImportPlan(
        workspace_id=workspace_id, chart=chart, problems=list(chart.problems), mode=mode
    )
    if chart.fatal:
        return plan
    stored = load_stored(workspace_id)
    plan.active_before = sum(1 for unit in stored.values() if unit.is_active)
    for unit in storable_units(chart.units, plan.problems):
        target = make_target(unit, stored.get(unit.code), chart.mapping)
        plan.targets.append(target)
        classify(plan, target)
    in_file = {target.code for target in plan.targets}
    if mode == ImportMode.SYNC:
        plan.retire = [s for s in stored.values() if s.is_active and s.code not in in_file]
    plan.changes["retired"] = [Change(s.code, s.name, None) for s in plan.retire]
    plan.problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return plan


def load_stored(workspace_id: int) -> dict[str, Stored]:
    locations = dict(Location.objects.filter(workspace_id=workspace_id).values_list("id", "name"))
    rows = list(
        OrgUnit.objects.filter(workspace_id=workspace_id)
        .order_by()
        .values_list(
            "id",
            "code",
            "name",
            "parent_id",
            "kind",
            "location_id",
            "side_mark",
            "criticality",
            "is_active",
            "note",
        )
    )
    code_of = {row[0]: row[1] for row in rows}
    return {
        row[1]: Stored(
            id=row[0],
            code=row[1],
            name=row[2],
            parent_code=code_of.get(row[3]) if row[3] else None,
            kind=row[4],
            location=locations.get(row[5]) if row[5] else None,
            side_mark=row[6],
            criticality=row[7],
            is_active=row[8],
            note=row[9],
        )
        for row in rows
    }


def storable_units(units: list[ParsedUnit], problems: list[Problem]) -> list[ParsedUnit]:
    """Refuse codes the database cannot hold; their children become roots, as in the parser.

    Only the refused unit itself is lost; the message says how many units it had below it.
    """
    refused: set[str] = set()
    kept = []
    for unit in units:
        reason = code_problem(unit.code)
        if reason:
            refused.add(unit.code)
            below = _children_count(units, unit.code)
            lost = f"; its {below} direct units become roots" if below else ""
            problems.append(Problem(unit.row, "error", f"{reason}; the row is rejected{lost}."))
            continue
        if unit.parent_code in refused:
            message = f"Its parent (row of '{printable(unit.parent_code)}') was rejected; "
            problems.append(Problem(unit.row, "warning", message + "it becomes a root."))
            unit = replace(unit, parent_code=None)
        kept.append(unit)
    return kept


def _children_count(units: list[ParsedUnit], code: str) -> int:
    return sum(1 for unit in units if unit.parent_code == code)


def code_problem(code: str) -> str:
    if len(code) > MAX_CODE:
        return f"The id '{printable(code)[:40]}…' is longer than {MAX_CODE} characters"
    if printable(code) != code:
        return f"The id '{printable(code)}' holds characters that cannot be stored"
    return ""


def printable(text: str | None) -> str:
    """Text safe for PostgreSQL text and JSON: no NUL, no lone surrogates."""
    if text is None:
        return ""
    return text.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def make_target(unit: ParsedUnit, stored: Stored | None, mapping: dict[str, str]) -> Target:
    def kept(field_name: str, from_file: str | None, default: str | None) -> str | None:
        if field_name in mapping:
            return from_file
        return getattr(stored, field_name) if stored else default

    return Target(
        code=unit.code,
        name=printable(unit.name)[:MAX_NAME],
        parent_code=unit.parent_code,
        kind=(kept("kind", printable(unit.kind)[:MAX_KIND], "") or ""),
        location=kept("location", printable(unit.location)[:MAX_LOCATION] or None, None),
        side_mark=unit.side or (stored.side_mark if stored else ""),
        criticality=criticality_of(unit.criticality)
        or (stored.criticality if stored else Criticality.NORMAL.value),
        row=unit.row,
        stored=stored,
        note=(
            printable(unit.note)[:MAX_NOTE]
            if "holder" in mapping
            else (stored.note if stored else "")
        ),
    )


def criticality_of(written: str | None) -> str:
    if not written:
        return ""
    high = written.casefold() in HIGH_CRITICALITY
    return Criticality.HIGH.value if high else Criticality.NORMAL.value


def classify(plan: ImportPlan, target: Target) -> None:
    stored, changes = target.stored, plan.changes
    here = (target.code, target.name, target.row)
    if stored is None:
        changes["created"].append(Change(*here, under(target.parent_code)))
        return
    if not target.is_changed:
        plan.unchanged += 1
        return
    if not stored.is_active:
        changes["reactivated"].append(Change(*here))
    if stored.name != target.name:
        changes["renamed"].append(Change(*here, f"was '{stored.name}'"))
    if stored.parent_code != target.parent_code:
        detail = f"from {under(stored.parent_code)} to {under(target.parent_code)}"
        changes["moved"].append(Change(*here, detail))
    updated = describe_updates(stored, target)
    if updated:
        changes["updated"].append(Change(*here, updated))


def under(parent_code: str | None) -> str:
    return f"under '{parent_code}'" if parent_code else "a root"


def describe_updates(stored: Stored, target: Target) -> str:
    pairs = (
        ("kind", stored.kind, target.kind),
        ("location", stored.location or "", target.location or ""),
        ("side mark", stored.side_mark or "inherit", target.side_mark or "inherit"),
        ("criticality", stored.criticality, target.criticality),
        ("note", stored.note, target.note),
    )
    return "; ".join(f"{name} '{old}' → '{new}'" for name, old, new in pairs if old != new)
