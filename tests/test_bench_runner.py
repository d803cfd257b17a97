"""benchmarks/run_all.py's merging and table on small inputs (the benchmarks themselves are not
run here: they are timed, never asserted)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


measures = load("measures")
run_all = load("run_all")


def test_a_measure_is_its_median_beside_the_anchors_median() -> None:
    m = measures.measure("import.units_20k", [3.0, 1.0, 2.0], "postgres COPY", [0.5, 0.4, 0.6])
    assert m.as_json() == {
        "name": "import.units_20k",
        "median_s": 2.0,
        "min_s": 1.0,
        "max_s": 3.0,
        "anchor": "postgres COPY",
        "anchor_median_s": 0.5,
        "ratio": 4.0,
        "peak_mb": None,
    }


def test_a_measure_without_an_anchor_has_no_ratio() -> None:
    m = measures.measure("report.whole", [1.0], "none", [], peak_mb=250.0)
    assert (m.anchor_median_s, m.ratio, m.peak_mb) == (None, None, 250.0)


def test_merging_keeps_every_scripts_measures_in_order_and_the_first_settings() -> None:
    dashboard = {
        "measures": [{"name": "dashboard.overview", "median_s": 0.05}],
        "postgres": {"server_version": "15.2", "jit": "on"},
    }
    imports = {
        "measures": [{"name": "import.units_20k"}, {"name": "import.people_50k"}],
        "postgres": {"server_version": "16.1"},
    }
    merged = run_all.merge([dashboard, {"measures": []}, imports])
    assert [m["name"] for m in merged["measures"]] == [
        "dashboard.overview",
        "import.units_20k",
        "import.people_50k",
    ]
    assert merged["postgres"] == {"server_version": "15.2", "jit": "on"}


def test_the_table_shows_each_figure_its_anchor_and_the_ratio(
    capsys: pytest.CaptureFixture[str],
) -> None:
    row = measures.measure("assessment.full", [1.2, 1.0, 1.4], "SQL aggregate pass", [0.25])
    measures.print_table([row.as_json(), {"name": "board.changed_under_load", "median_s": 0.1}])
    header, full, board = capsys.readouterr().out.splitlines()
    assert header.split()[:4] == ["measure", "median", "s", "min"]
    assert full.split() == [
        "assessment.full",
        "1.200",
        "1.000",
        "1.400",
        "SQL",
        "aggregate",
        "pass",
        "0.250",
        "4.8x",
        "-",
    ]
    assert board.split()[:2] == ["board.changed_under_load", "0.100"]
    assert board.split()[-3:] == ["-", "-", "-"]


def test_the_json_file_holds_the_measures_and_the_settings(tmp_path: Path) -> None:
    row = measures.measure("report.whole", [5.0, 4.0], "SQL aggregate pass", [0.5], 280.0)
    measures.write_json(tmp_path / "out.json", [row], {"jit": "off"})
    data = json.loads((tmp_path / "out.json").read_text())
    assert data["postgres"] == {"jit": "off"}
    assert data["measures"][0]["ratio"] == 9.0 and data["measures"][0]["peak_mb"] == 280.0


def test_the_benchmarks_get_a_database_of_their_own() -> None:
    url = "postgres://postgres@127.0.0.1:5432/conv_wc"
    assert run_all.bench_database_url(None, {"DATABASE_URL": url}).endswith("/conv_wc_bench")
    chosen = {"DATABASE_URL": url, "BENCH_DATABASE_URL": "postgres://h/b"}
    assert run_all.bench_database_url(None, chosen) == "postgres://h/b"
    assert run_all.bench_database_url("postgres://h/x", chosen) == "postgres://h/x"
    with pytest.raises(SystemExit, match="PostgreSQL"):
        run_all.bench_database_url(None, {"DATABASE_URL": "sqlite:///db.sqlite3"})


def test_only_picks_scripts_by_file_or_measure_name(tmp_path: Path) -> None:
    scripts = run_all.scripts("bench", 2, tmp_path)
    assert [s.file for s in run_all.selected(scripts, ["import"])] == [
        "bench_import.py",
        "bench_meetings.py",
    ]
    assert [s.file for s in run_all.selected(scripts, ["meetings"])] == ["bench_meetings.py"]
    assert [s.file for s in run_all.selected(scripts, ["assessment.full", "report"])] == [
        "bench_assessment.py",
        "bench_report_files.py",
    ]
    assert run_all.selected(scripts, []) == scripts
