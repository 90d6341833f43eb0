"""The import graph of service/: no cycle between modules or packages, and no import running up
a layer (contract/law -> postage/pdf -> documents -> api/app/cli). Every import counts, those
inside functions and under TYPE_CHECKING too: a lazy import hides a cycle from the interpreter,
not from the design."""

from __future__ import annotations

import ast
from pathlib import Path

from service.paths import ROOT

SERVICE = ROOT / "service"

# the floor of each top-level package or root module of service/; a module may import its own
# floor and those below, never one above
LAYERS: dict[str, int] = {
    # 0: plain data and helpers every layer may use
    "model": 0, "errors": 0, "fr": 0, "clock": 0, "jsonio": 0, "paths": 0, "config": 0,
    "metrics": 0, "problems": 0, "logs": 0,
    # 1: the contract and the law
    "contract": 1, "law": 1, "statement": 1,
    # 2: postage and PDF machinery, and the per-process runtime built from it (it must not
    # reach up to the documents: readiness() is handed the kind list)
    "postage": 2, "pdf": 2, "runtime": 2,
    # 3: the documents
    "documents": 3,
    # 4: the entry points
    "batch": 4, "intake": 4, "jobs": 4, "web": 4, "warmup": 4, "golden": 4, "api": 4, "app": 4, "cli": 4,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in SERVICE.rglob("*.py")}


def _resolve(name: str) -> str | None:
    """The service module an import names (``service.a.b`` may be a module or a name in one)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" for a in node.names]
        for t in targets:
            if t.startswith("service."):
                resolved = _resolve(t)
                if resolved and resolved != module:
                    found.add(resolved)
    return found


GRAPH = {m: _imports(m) for m in MODULES}


def _top(module: str) -> str:
    return module.split(".")[1] if module != "service" else ""


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_every_package_and_root_module_has_a_layer():
    tops = {_top(m) for m in MODULES} - {""}
    assert tops <= set(LAYERS), f"give these a floor in LAYERS: {sorted(tops - set(LAYERS))}"


def test_no_import_runs_up_a_layer():
    upward = sorted(
        f"{m} (floor {LAYERS[_top(m)]}) -> {t} (floor {LAYERS[_top(t)]})"
        for m, targets in GRAPH.items() if _top(m)
        for t in targets if _top(t) and LAYERS[_top(t)] > LAYERS[_top(m)]
    )
    assert not upward, "\n".join(upward)


def test_no_import_cycle_between_modules():
    # a package's __init__ importing its own modules is not a cycle of the design: leave those
    # edges out (``from service.pdf.evidence import x`` still counts as an edge to the package)
    graph = {m: {t for t in ts if not (MODULES[m].name == "__init__.py" and t.startswith(m + "."))}
             for m, ts in GRAPH.items()}
    assert not _cycles(graph)


def test_no_import_cycle_between_packages():
    graph: dict[str, set[str]] = {}
    for m, targets in GRAPH.items():
        graph.setdefault(_top(m), set()).update(_top(t) for t in targets if _top(t) != _top(m))
    assert not _cycles(graph)


def test_the_checker_sees_a_cycle_and_an_upward_import():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _imports("service.app")  # it reads real imports
    assert "service.documents.registry" in GRAPH["service.api.health"]
