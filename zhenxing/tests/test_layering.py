"""The layering of the apps, computed from their imports (scripts/import_graph.py reads them with
ast: module-level and function-level imports, and module names in strings, all count).

Reports sit on top: no app imports `zhenxing.reports` (the project-level urls.py, api.py and
settings are not apps). No two apps import each other, directly or round a longer cycle, so that
the layer order in docs/architecture.md holds."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "import_graph.py"

# Imports that still close a cycle, each to be removed by the work named beside it; the lead
# empties this when merging that work (the last test fails while an entry no longer exists).
KNOWN_CYCLES: dict[tuple[str, str], str] = {}  # none left (issue 15 removed the last)


def load_graph_module():
    spec = importlib.util.spec_from_file_location("import_graph", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def import_graph():
    return load_graph_module()


@pytest.fixture(scope="module")
def graph(import_graph):
    return import_graph.edges()


def without_known(graph):
    return {
        app: {used: files for used, files in uses.items() if (app, used) not in KNOWN_CYCLES}
        for app, uses in graph.items()
    }


def test_the_graph_is_read_from_the_code(graph):
    # A scan that found nothing would pass every test below.
    assert {"orgs", "policies", "rounds", "reports"} <= set(graph)
    assert "orgs" in graph["policies"] and "policies" in graph["rounds"]


def test_no_app_imports_reports(graph):
    importers = {
        app: sorted(uses["reports"])
        for app, uses in without_known(graph).items()
        if "reports" in uses and app != "reports"
    }
    assert importers == {}


def test_no_cycles_between_apps(import_graph, graph):
    found = import_graph.cycles(without_known(graph))
    details = [
        {
            f"{app} → {used}": sorted(files)
            for app in group
            for used, files in graph[app].items()
            if used in group and (app, used) not in KNOWN_CYCLES
        }
        for group in found
    ]
    assert details == []


def test_known_cycles_still_exist(graph):
    # An allowance for an import that is gone would let it come back unnoticed: remove the entry.
    gone = [edge for edge in KNOWN_CYCLES if edge[1] not in graph[edge[0]]]
    assert gone == []


def test_a_function_level_import_counts(import_graph, tmp_path):
    tree = import_graph.ast.parse(
        "def build():\n    from zhenxing.reports.content import Section\n"
        "LATER = 'zhenxing.rounds.selectors'\n"
    )
    assert {"zhenxing.reports.content", "zhenxing.rounds.selectors"} <= (
        import_graph.imported_modules(tree)
    )


def test_a_cycle_is_found(import_graph):
    graph = {"lib": {}, "orgs": {"lib": {"a"}}, "rounds": {"orgs": {"b"}}}
    assert import_graph.cycles(graph) == []
    graph["orgs"]["rounds"] = {"orgs/access.py"}
    assert import_graph.cycles(graph) == [["orgs", "rounds"]]
    assert import_graph.layers(graph) == [["lib"], ["orgs", "rounds"]]


def test_the_architecture_page_shows_the_graph_and_layers(import_graph, graph, capsys):
    # docs/architecture.md, "Layers": paste `python3 scripts/import_graph.py` there again when
    # an app starts or stops using another.
    import_graph.main([])
    printed = capsys.readouterr().out
    kept = printed.split("\nCycles between apps:")[0].split("\nNo cycles between apps.")[0]
    page = (SCRIPT.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert [line for line in kept.splitlines() if line.strip() and line not in page] == []
