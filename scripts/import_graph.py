#!/usr/bin/env python3
"""The dependency graph between zhenxing's apps, read from the imports, and its layer order.

Every `import zhenxing.<app>…` and `from zhenxing.<app>… import …` counts, at module level and
inside functions alike (a deferred import is still a dependency), and so does a string naming a
module (`"zhenxing.<app>.…"` passed to importlib or to a setting). Tests, migrations and
the project-level modules (settings, urls, api) are left out: they sit above every app.

Usage: python3 scripts/import_graph.py [--mermaid]
Prints each app with the apps it uses, then the layers (layer 0 uses no other app; each app
sits one layer above the highest app it uses) and any cycle between apps. The layering test
(zhenxing/tests/test_layering.py) computes the same graph.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "zhenxing"
# Project-level modules and shared helpers: not apps.
NOT_APPS = {"tests", "templates", "static", "locale", "formats", "__pycache__"}


def apps() -> list[str]:
    """The packages under zhenxing/ that hold code (lib counts: it is the bottom layer)."""
    return sorted(
        path.name
        for path in PACKAGE.iterdir()
        if path.is_dir() and path.name not in NOT_APPS and (path / "__init__.py").exists()
    )


def counted(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return "tests" not in parts and "migrations" not in parts and not parts[-1].startswith("test")


def imported_modules(tree: ast.AST) -> set[str]:
    """Dotted names the module imports, wherever the import statement stands."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.startswith("zhenxing.") and " " not in node.value:
                names.add(node.value)
    return names


def edges(known: list[str] | None = None) -> dict[str, dict[str, set[str]]]:
    """{app: {used app: {files of app that use it}}}."""
    known = known or apps()
    graph: dict[str, dict[str, set[str]]] = {app: {} for app in known}
    for app in known:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            if not counted(path):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for name in imported_modules(tree):
                parts = name.split(".")
                if parts[0] != "zhenxing" or len(parts) < 2:
                    continue
                used = parts[1]
                if used in known and used != app:
                    where = str(path.relative_to(PACKAGE))
                    graph[app].setdefault(used, set()).add(where)
    return graph


def cycles(graph: dict[str, dict[str, set[str]]]) -> list[list[str]]:
    """Strongly connected groups of more than one app (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        on_stack.add(app)
        for used in graph[app]:
            if used not in index:
                visit(used)
                low[app] = min(low[app], low[used])
            elif used in on_stack:
                low[app] = min(low[app], index[used])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return sorted(groups)


def layers(graph: dict[str, dict[str, set[str]]]) -> list[list[str]]:
    """Apps by layer: each one above every app it uses; the apps of a cycle share a layer."""
    group_of = {app: (app,) for app in graph}
    for group in cycles(graph):
        for app in group:
            group_of[app] = tuple(group)
    level: dict[tuple[str, ...], int] = {}

    def depth(group: tuple[str, ...]) -> int:
        if group not in level:
            level[group] = 0  # guards the recursion; a group never uses itself below
            below = {group_of[used] for app in group for used in graph[app]} - {group}
            level[group] = 1 + max((depth(other) for other in below), default=-1)
        return level[group]

    result: dict[int, list[str]] = {}
    for group in set(group_of.values()):
        result.setdefault(depth(group), []).extend(group)
    return [sorted(result[number]) for number in sorted(result)]


def main(argv: list[str]) -> int:
    graph = edges()
    if "--mermaid" in argv:
        print("graph BT")
        for app in sorted(graph):
            for used in sorted(graph[app]):
                print(f"  {app} --> {used}")
        return 0
    print("Apps and the apps they import:")
    for app in sorted(graph):
        print(f"  {app:<13} {', '.join(sorted(graph[app])) or '—'}")
    print("\nLayers (each app uses only apps in lower layers, or in its own cycle):")
    for number, members in enumerate(layers(graph)):
        print(f"  {number}  {', '.join(members)}")
    found = cycles(graph)
    print("\nCycles between apps:" if found else "\nNo cycles between apps.")
    for group in found:
        print(f"  {' ↔ '.join(group)}")
        for app in group:
            for used in sorted(set(graph[app]) & set(group)):
                print(f"    {app} → {used}: {', '.join(sorted(graph[app][used]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
