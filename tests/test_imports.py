"""No import circles in ``src/cxgap``, and no function-level import of a cxgap module without
a reason (issue 20).

Every ``.py`` under ``src/cxgap`` is parsed with :mod:`ast` (nothing is imported). Each import
of a cxgap module is an edge of the module graph: at module level, inside a function, or under
``if TYPE_CHECKING:`` (a circle of types is a circle of design all the same); relative imports
are resolved; ``from cxgap.x import y`` is an import of the submodule ``cxgap.x.y`` where there
is one, else of ``cxgap.x``. The parent packages Python runs on the way are not edges: ``import
cxgap.load._raw`` names ``cxgap.load._raw`` only (else every module would import ``cxgap``). A
circle is a strongly connected component of more than one module, or a module importing itself.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

_COMMAND = (
    "the CLI imports every command: cxgap --version and --help load none of the pipeline "
    "(numpy, pandas, scipy, pyarrow, the renderers); a command loads it when it runs"
)
# Who may import a cxgap module inside a function, and why: start-up cost only (issue 20).
# A lazy import of a module the importer loads at module level anyway saves nothing and fails.
_LAZY = {
    "cxgap": "import cxgap loads the notebook API on first use (PEP 562): api, inputs and report "
    "were most of its time",
    "cxgap.api": "a notebook's import cxgap.api loads the loaders, the statistics and the "
    "renderers (numpy, pandas, scipy) when a function runs",
    "cxgap.commands.analyze": _COMMAND,
    "cxgap.commands.codebook": _COMMAND,
    "cxgap.commands.template": _COMMAND,
    "cxgap.commands.trend": _COMMAND,
    "cxgap.commands.validate": _COMMAND,
    "cxgap.load": "the Spark engine (and pyspark through it) loads only when --engine spark "
    "reads parts",
    "cxgap.load.exports": "each platform's reader loads when a file of its own is read: a "
    "workbook's or a plain table's analysis needs none of them",
    "cxgap.render.emit": "a run imports its format's renderer only: json and csv need none of "
    "the charts, rich tables or python-pptx that html, pptx and the table pull in",
}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    file: str
    line: int
    kind: str
    """``module``, ``function`` (inside a function) or ``typing`` (under ``if TYPE_CHECKING``)."""

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} ({self.file}:{self.line})"


def modules(root: Path) -> dict[str, Path]:
    """Every module under ``root`` (a package folder) by its dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def edges(root: Path) -> list[Edge]:
    """Every import of a module of the package ``root`` by a module of it."""
    known = modules(root)
    found: list[Edge] = []
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node, kind in _imports(ast.parse(path.read_text(encoding="utf-8")).body):
            for target in _targets(node, package, root.name, known):
                shown = str(path.relative_to(root.parent))
                found.append(Edge(name, target, shown, node.lineno, kind))
    return found


def _imports(body: list[ast.stmt], kind: str = "module") -> Iterator[tuple[ast.stmt, str]]:
    """The import statements in ``body`` and the blocks inside it (an import is a statement,
    so expressions are not searched), each with where it runs."""
    for stmt in body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            yield stmt, kind
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _imports(stmt.body, "function")
        elif isinstance(stmt, ast.If) and ast.unparse(stmt.test).endswith("TYPE_CHECKING"):
            yield from _imports(stmt.body, "typing")
            yield from _imports(stmt.orelse, kind)
        else:
            inner = [getattr(stmt, name, []) for name in ("body", "orelse", "finalbody")]
            inner += [block.body for block in getattr(stmt, "handlers", [])]  # except ...:
            inner += [case.body for case in getattr(stmt, "cases", [])]  # match ...: case ...:
            for block in inner:
                yield from _imports(block, kind)


def _targets(node: ast.stmt, package: str, top: str, known: Mapping[str, Path]) -> list[str]:
    """The modules of ``top`` that one import statement names."""
    if isinstance(node, ast.Import):
        return [_module(alias.name, known) for alias in node.names if _inside(alias.name, top)]
    assert isinstance(node, ast.ImportFrom)
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
    if not _inside(base, top):
        return []
    return [
        f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else _module(base, known)
        for alias in node.names
    ]


def _inside(name: str, top: str) -> bool:
    return name == top or name.startswith(top + ".")


def _module(name: str, known: Mapping[str, Path]) -> str:
    """The longest prefix of ``name`` that is a module (``import a.b.c`` names ``a.b.c``)."""
    parts = name.split(".")
    while ".".join(parts) not in known and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def cycles(found: list[Edge]) -> list[frozenset[str]]:
    """The strongly connected components that are circles (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for edge in found:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while (top := stack.pop()) != node:
                component.add(top)
            component.add(node)
            if len(component) > 1 or node in graph[node]:
                circles.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def loaded(module: str, found: list[Edge]) -> set[str]:
    """What importing ``module`` runs: its module-level imports, theirs, and so on, with the
    packages above each."""
    eager: dict[str, set[str]] = {}
    for edge in found:
        if edge.kind == "module":
            eager.setdefault(edge.source, set()).add(edge.target)
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for above in (".".join(parts[:k]) for k in range(1, len(parts) + 1)):
            if above not in seen:
                seen.add(above)
                todo.extend(eager.get(above, ()))
    return seen


@functools.cache
def cxgap_edges() -> list[Edge]:
    """The import graph of src/cxgap, read once per test session."""
    return edges(SRC / "cxgap")


def _described(circle: frozenset[str], found: list[Edge]) -> str:
    inside = [str(e) for e in found if e.source in circle and e.target in circle]
    return f"{{{', '.join(sorted(circle))}}}: " + "; ".join(sorted(set(inside)))


def test_no_import_circle() -> None:
    found = cxgap_edges()
    circles = [_described(c, found) for c in sorted(set(cycles(found)), key=sorted)]
    assert not circles, "import circles in src/cxgap:\n" + "\n".join(circles)


def test_import_cxgap_loads_the_api_on_first_use() -> None:
    """``import cxgap`` loads the version only, ``cxgap --version`` (the CLI) neither the API
    nor the report; the API loads when one of its names is first used (PEP 562)."""
    code = (
        "import sys, cxgap\n"
        "print(sorted(m for m in sys.modules if m.startswith('cxgap')))\n"
        "import cxgap.cli\n"
        "print([m for m in ('cxgap.api', 'cxgap.report') if m in sys.modules])\n"
        "print(cxgap.analyze.__module__, cxgap.Analysis.__module__, 'analyze' in dir(cxgap))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "['cxgap', 'cxgap._version']",
        "[]",
        "cxgap.api cxgap.api True",
    ]


def test_every_function_level_import_saves_start_up_time() -> None:
    found = cxgap_edges()
    lazy = [e for e in found if e.kind == "function"]
    importers = {e.source for e in lazy}
    unexplained = sorted({str(e) for e in lazy if e.source not in _LAZY})
    assert not unexplained, "function-level imports without a reason in _LAZY:\n" + "\n".join(
        unexplained
    )
    pointless = sorted(
        {str(e) for e in lazy if e.source in _LAZY and e.target in loaded(e.source, found)}
    )
    assert not pointless, "lazy imports of modules loaded anyway:\n" + "\n".join(pointless)
    assert importers >= set(_LAZY), f"no function-level import left in {set(_LAZY) - importers}"


def test_drafting_depends_on_load_one_way() -> None:
    """``cxgap codebook`` is authoring: :mod:`cxgap.drafting` reads exports with load/, and no
    module of load/ imports drafting."""
    found = cxgap_edges()
    back = [str(e) for e in found if _inside(e.source, "cxgap.load") and "drafting" in e.target]
    assert not back, "load/ imports drafting:\n" + "\n".join(back)
    assert any(
        e.source.startswith("cxgap.drafting.") and _inside(e.target, "cxgap.load") for e in found
    )


def _package(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_the_scanner_finds_every_kind_of_import(tmp_path: Path) -> None:
    """The scanner itself: relative, function-level, TYPE_CHECKING and ``from pkg import
    submodule`` imports are edges, in any block; parents on the way and other packages are
    not."""
    root = _package(
        tmp_path,
        {
            "pkg/__init__.py": "from pkg.a import x\n",
            "pkg/a.py": "from . import b\nimport os\nx = 1\n",
            "pkg/b.py": "def f():\n    from .sub import c\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/c.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..a import x\n"
            ),
            "pkg/d.py": "import pkg.sub.c\nfrom pkg import a\nfrom .. import elsewhere\n",
            "pkg/e.py": (
                "try:\n    from pkg import a\nexcept ImportError:\n    from .sub import c\n"
                "class K:\n    def m(self):\n        with open('x'):\n            import pkg.b\n"
            ),
        },
    )
    found = {(e.source, e.target, e.kind) for e in edges(root)}
    assert found == {
        ("pkg", "pkg.a", "module"),
        ("pkg.a", "pkg.b", "module"),
        ("pkg.b", "pkg.sub.c", "function"),
        ("pkg.sub.c", "pkg.a", "typing"),
        ("pkg.d", "pkg.sub.c", "module"),
        ("pkg.d", "pkg.a", "module"),
        ("pkg.e", "pkg.a", "module"),
        ("pkg.e", "pkg.sub.c", "module"),
        ("pkg.e", "pkg.b", "function"),
    }
    assert cycles(edges(root)) == [frozenset({"pkg.a", "pkg.b", "pkg.sub.c"})]
    assert loaded("pkg.d", edges(root)) == {
        "pkg",
        "pkg.a",
        "pkg.b",
        "pkg.d",
        "pkg.sub",
        "pkg.sub.c",
    }


def test_a_module_importing_itself_is_a_circle(tmp_path: Path) -> None:
    root = _package(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "from pkg import a\n"})
    assert cycles(edges(root)) == [frozenset({"pkg.a"})]
