"""The layering and the sizes STYLE.md asks for, checked on the source with `ast`.

When one of these fails, its message names the file, the line and what to do; an exception is
added to the lists below only with the reason beside it.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("convergence", "touchpoints", "assessments")
# Who may not import whom: convergence is shared by every app and imports none of them; an app
# lower in the stack (touchpoints) never imports a higher one (assessments).
FORBIDDEN = {
    "convergence": ("touchpoints", "assessments"),
    "touchpoints": ("assessments",),
}
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 30
# "path" or "path:function": why it may be longer. Keep this short.
SIZE_EXCEPTIONS: dict[str, str] = {}


def sources() -> Iterator[Path]:
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imported_modules(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def test_imports_point_one_way() -> None:
    wrong = []
    for path in sources():
        app = path.relative_to(ROOT).parts[0]
        for line, module in imported_modules(ast.parse(path.read_text())):
            if module.split(".")[0] in FORBIDDEN.get(app, ()):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not wrong, (
        "Wrong-way imports (convergence imports no app; touchpoints never imports assessments). "
        "Move the code to the lower layer, or let the higher app call in (a signal receiver "
        "connected in its AppConfig.ready):\n" + "\n".join(wrong)
    )


def test_no_module_is_over_400_lines() -> None:
    long = []
    for path in sources():
        name = str(path.relative_to(ROOT))
        lines = len(path.read_text().splitlines())
        if lines > MAX_MODULE_LINES and name not in SIZE_EXCEPTIONS:
            long.append(f"{name}: {lines} lines")
    assert not long, (
        f"Modules over {MAX_MODULE_LINES} lines: split each into a package by noun "
        "(STYLE.md, like touchpoints/models/):\n" + "\n".join(long)
    )


def views() -> Iterator[tuple[str, ast.FunctionDef]]:
    for path in sources():
        relative = path.relative_to(ROOT)
        if "views" not in relative.parts and relative.stem != "views":
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and node.decorator_list:
                yield str(relative), node


def test_no_view_is_over_30_lines() -> None:
    long = []
    for name, view in views():
        assert view.end_lineno is not None
        lines = view.end_lineno - view.lineno + 1
        if lines > MAX_VIEW_LINES and f"{name}:{view.name}" not in SIZE_EXCEPTIONS:
            long.append(f"{name}:{view.lineno} {view.name}: {lines} lines")
    assert not long, (
        f"Views over {MAX_VIEW_LINES} lines: keep them to fetch, bind a form, call the domain, "
        "respond; move the rest into a model method or a plain module:\n" + "\n".join(long)
    )


@pytest.mark.parametrize("source", ["import assessments.tasks\n", "from touchpoints import x\n"])
def test_the_import_walk_sees_both_forms_of_import(source: str) -> None:
    found = [module for _, module in imported_modules(ast.parse(source))]
    assert found and found[0].split(".")[0] in {"assessments", "touchpoints"}


# A `type: ignore` names the error it silences and says why beside it:
# `# type: ignore[attr-defined]  # annotated by the board query; django-stubs cannot see it`.
PRAGMA = re.compile(r"#\s*type:\s*ignore")
EXPLAINED_IGNORE = re.compile(r"^# type: ignore\[[a-z-]+(,[a-z-]+)*\]  # \S")


def unexplained_ignores(source: str) -> list[int]:
    """The lines whose comment holds a `type: ignore` without an error code and a reason."""
    comments = (
        token
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    )
    return [
        token.start[0]
        for token in comments
        if (pragma := PRAGMA.search(token.string))
        and not EXPLAINED_IGNORE.match(token.string[pragma.start() :])
    ]


def python_files() -> Iterator[Path]:
    yield from sources()
    for folder in ("tests", "benchmarks", "scripts"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_every_type_ignore_names_its_error_and_says_why() -> None:
    bare = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in python_files()
        for line in unexplained_ignores(path.read_text())
    ]
    assert not bare, (
        "`type: ignore` without an error code and a reason: fix the type (an annotation, a "
        "typed helper such as convergence.forms.model_choice_field), or write "
        "`# type: ignore[code]  # why`:\n" + "\n".join(bare)
    )


@pytest.mark.parametrize(
    ("line", "bare"),
    [
        ("x = f()  # type: ignore[attr-defined]  # set by the view\n", False),
        ("x = f()  # type: ignore[index,call-overload]  # a dict here\n", False),
        ("x = f()  # type: ignore\n", True),
        ("x = f()  # type: ignore[attr-defined]\n", True),
        ("x = f()  # why first  # type: ignore[attr-defined]\n", True),
        ('x = "# type: ignore"\n', False),
        ("# a `type: ignore` in prose is no pragma\n", False),
        ("x = f()  #type:ignore\n", True),
    ],
)
def test_the_ignore_check_wants_a_code_and_a_reason(line: str, bare: bool) -> None:
    assert bool(unexplained_ignores(line)) is bare
