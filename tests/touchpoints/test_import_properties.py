"""Property: whatever the bytes, an import either applies cleanly or changes nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Org
from tests.touchpoints.test_import_plan import ACME, database_state
from touchpoints.importing import ImportRefused, apply_import, plan_import
from touchpoints.models import ImportJob, ImportMode, OrgUnit
from touchpoints.orgchart import parse_orgchart

pytestmark = pytest.mark.django_db

VALID = (ACME + "X,Audit,F,Leeds\nY,Audit Team,X,\n").encode()
NASTY = [b"\x00", b"\xff\xfe", b'"', b"\n", b",", b";", b"\t", b"NULL", b"\xc3", b"\xa0", b"\r"]


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        piece = draw(st.sampled_from(NASTY) | st.binary(min_size=1, max_size=4))
        if kind == "insert":
            data[at:at] = piece
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        elif kind == "replace":
            data[at : at + len(piece)] = piece
        else:
            data = data[:at]
    return bytes(data)


def check_import(
    org: Org,
    data: bytes,
    filename: str,
    mode: str = ImportMode.SYNC,
    allowed_retire: int | None = 6,
) -> None:
    """Applied or refused, never half; a sync leaves exactly the file's units active, an
    add-and-update import leaves every unit that was active; retirements past the guard happen
    only as far as they were confirmed."""
    with transaction.atomic():
        before = database_state(org)
        active = OrgUnit.objects.filter(workspace=org.workspace, is_active=True)
        active_before = set(active.values_list("code", flat=True))
        job = ImportJob.objects.create(
            workspace=org.workspace,
            data=data,
            filename=filename,
            mode=mode,
            allowed_retire=allowed_retire,
        )
        try:
            plan = apply_import(job)
        except ImportRefused:
            assert database_state(org) == before
        else:
            codes = set(active.values_list("code", flat=True))
            in_file = {t.code for t in plan.targets}
            assert codes == (in_file if mode == ImportMode.SYNC else in_file | active_before)
            assert not plan.needs_confirmation or len(plan.retire) <= (allowed_retire or 0)
            again = plan_import(org.workspace.pk, parse_orgchart(data, filename), mode)
            assert again.is_noop
        transaction.set_rollback(True)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=mutated_files(),
    mode=st.sampled_from(ImportMode.values),
    allowed_retire=st.sampled_from([None, 0, 1, 6]),
)
def test_a_mutated_file_applies_cleanly_or_changes_nothing(
    org: Org, data: bytes, mode: str, allowed_retire: int | None
) -> None:
    check_import(org, data, "chart.csv", mode, allowed_retire)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300), name=st.sampled_from(["a.csv", "a.json", "a.xlsx", "a"]))
def test_arbitrary_bytes_never_raise_and_change_nothing_unless_valid(
    org: Org, data: bytes, name: str
) -> None:
    check_import(org, data, name)
