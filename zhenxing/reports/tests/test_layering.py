"""Reports sit on top: they read the other apps, and no other app reads them back.

Only the project-level wiring (zhenxing/urls.py, zhenxing/api.py), settings and tests may import
`zhenxing.reports`; everything else would be a cycle (reports → app → reports).
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # zhenxing/
ALLOWED = {
    PACKAGE / "urls.py",
    PACKAGE / "api.py",
    PACKAGE / "settings.py",
    PACKAGE / "test_settings.py",
}


def _is_test_module(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return (
        "tests" in parts
        or path.name in ("conftest.py", "testing.py")
        or path.name.startswith("test_")
    )


def _modules_checked():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(PACKAGE / "reports") or path in ALLOWED or _is_test_module(path):
            continue
        yield path


def _imports_of_reports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value]  # importlib.import_module("zhenxing.reports…") and the like
        else:
            continue
        found += [
            f"line {node.lineno}: {name}"
            for name in names
            if name == "zhenxing.reports" or name.startswith("zhenxing.reports.")
        ]
    return found[:1] if found else []


def test_no_module_outside_reports_imports_reports():
    offenders = {
        str(path.relative_to(PACKAGE.parent)): found
        for path in _modules_checked()
        if (found := _imports_of_reports(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_check_sees_every_kind_of_import():
    """The test above can fail: each way of importing reports is caught, neighbours are not."""
    caught = [
        "import zhenxing.reports.builders",
        "from zhenxing.reports.content import Section",
        "from zhenxing.reports import builders",
        "def late():\n    from zhenxing.reports.content import Table",
        "importlib.import_module('zhenxing.reports.content')",
    ]
    for source in caught:
        assert _imports_of_reports(ast.parse(source)), source
    for source in ("from zhenxing.reportsx import y", "from zhenxing.rounds import reports"):
        assert not _imports_of_reports(ast.parse(source)), source
    checked = {path.relative_to(PACKAGE).as_posix() for path in _modules_checked()}
    assert "projects/selectors.py" in checked and "coordination/selectors.py" in checked
    assert not any(name.startswith("reports/") for name in checked)
