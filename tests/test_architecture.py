"""The source tree's structure, from its AST (nothing of articlekit is imported): no import cycle
(lazy imports included), layers that point one way, size limits. The checker is plain functions
(``scan``, ``cycles``, ...), self-tested on a synthetic tree so the checker itself can fail."""

from __future__ import annotations

import ast
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "articlekit"

#: Bottom to top; a module may import its own layer and lower ones. An entry matches that module
#: and its submodules, the longest matching entry wins; the bare package name ``articlekit``
#: matches only the package ``__init__``. A module that no entry matches fails the test.
LAYERS: list[list[str]] = [
    # leaves (collect: the garbage collector held off while a gigantic input is cleaned)
    ["articlekit.errors", "articlekit.labels", "articlekit.collect"],
    # Views of an Article for people: they know the labels, and the model only as a type, so
    # the Article's own to_text/to_markdown/to_html can hand over to them.
    ["articlekit.output"],
    ["articlekit.model"],  # the object articlekit returns
    ["articlekit.data"],  # the rule data files
    ["articlekit.text"],  # text utilities: decoding, the line/block model, words, dates
    ["articlekit.config"],  # what a call is told: thresholds, vocabulary, packs, profiles
    ["articlekit.extract"],  # the steps and the page state they share
    ["articlekit.paths"],  # the text path and the HTML path, each a sequence of steps
    ["articlekit.api"],  # clean()
    # many documents: clean_many, crawl files (and their framing, articlekit.warc)
    ["articlekit.batch", "articlekit.readers", "articlekit.warc"],
    ["articlekit.profiles"],  # learning site profiles (runs clean_many)
    ["articlekit.integrations"],  # engines others run
    # Old module names kept for users' imports: each re-exports its new home and warns.
    ["articlekit.dask", "articlekit.audit", "articlekit.pipeline", "articlekit.profile"],
    ["articlekit"],  # the public surface
    ["articlekit.cli", "articlekit.__main__"],  # the command, a thin layer over it
]

#: (importer, imported) -> why this upward import is acceptable. A stale entry fails the test.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {}

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
_WAIVER = re.compile(r"^\s*#.*\blong:\s*\S")  # "# long: why", on a line of its own


@dataclass
class Graph:
    """importer -> imported -> ["path:line", ...]; every scanned module is a key."""

    edges: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # computed or missing module names


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def _modules(root: Path) -> dict[str, Path]:
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = [root.name, *path.relative_to(root).with_suffix("").parts]
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _resolve(name: str, anchor: str) -> str:
    """``name``, maybe relative (leading dots), against the package ``anchor``."""
    rest = name.lstrip(".")
    level = len(name) - len(rest)
    if not level:
        return name
    base = anchor.rsplit(".", level - 1)[0] if level > 1 else anchor
    return f"{base}.{rest}" if rest else base


def _pick(target: ast.expr, value: ast.expr, name: str) -> ast.expr | None:
    """The part of ``value`` that assigning it to ``target`` binds to ``name``."""
    if isinstance(target, ast.Name):
        return value if target.id == name else None
    if isinstance(target, ast.Tuple | ast.List) and isinstance(value, ast.Tuple | ast.List):
        for sub_target, sub_value in zip(target.elts, value.elts, strict=False):
            if (found := _pick(sub_target, sub_value, name)) is not None:
                return found
    return None


def _const(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _binding(node: ast.AST) -> tuple[ast.expr | None, ast.expr | None, str]:
    """(mapping, target, which entries) of ``target = D.get(k)`` / ``D[k]``, or a ``for`` loop."""
    if isinstance(node, ast.Assign):
        value, func = node.value, getattr(node.value, "func", None)
        if isinstance(func, ast.Attribute) and func.attr == "get":
            return func.value, node.targets[0], "values"
        if isinstance(value, ast.Subscript):
            return value.value, node.targets[0], "values"
    if isinstance(node, ast.For | ast.comprehension):
        it, func = node.iter, getattr(node.iter, "func", None)
        if isinstance(it, ast.Call) and isinstance(func, ast.Attribute):
            return func.value, node.target, func.attr
        return it, node.target, "keys"
    return None, None, ""


class _Scanner(ast.NodeVisitor):
    def __init__(self, module: str, path: Path, tree: ast.Module, known: set[str]) -> None:
        self.module, self.where, self.known = module, _rel(path), known
        self.package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        self.root = module.partition(".")[0]
        self.scopes: list[ast.AST] = [tree]
        self.found: list[tuple[str, int]] = []
        self.problems: list[str] = []
        self.dicts: dict[str, ast.Dict] = {}  # module-level dict literals, by name
        for stmt in tree.body:
            names = getattr(stmt, "targets", [getattr(stmt, "target", None)])
            value = getattr(stmt, "value", None)
            if isinstance(value, ast.Dict) and None not in value.keys:
                self.dicts.update((n.id, value) for n in names if isinstance(n, ast.Name))

    def _add(self, name: str, line: int) -> None:
        if name == self.root or name.startswith(self.root + "."):
            self.found.append((name, line))

    def visit_If(self, node: ast.If) -> None:
        if getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING":
            for stmt in node.orelse:  # the body is typing-only: not an edge
                self.visit(stmt)
        else:
            self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scopes.append(node)
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = _resolve("." * node.level + (node.module or ""), self.package)
        for alias in node.names:  # a submodule if there is one, else an attribute of `base`
            sub = f"{base}.{alias.name}"
            self._add(sub if sub in self.known else base, node.lineno)

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        if "import_module" not in (getattr(node.func, "id", ""), getattr(node.func, "attr", "")):
            return
        args = [*node.args, *(k.value for k in node.keywords if k.arg in ("name", "package"))]
        names = self._names(args[0]) if args else None
        dunders = {"__name__": self.module, "__package__": self.package}
        anchor = _const(args[1]) or dunders.get(getattr(args[1], "id", "")) if args[1:] else None
        if names is None or (anchor is None and any(n.startswith(".") for n in names)):
            self.problems.append(f"{self.where}:{node.lineno}: import_module() of a computed name")
        else:
            for name in names:
                self._add(_resolve(name, anchor or ""), node.lineno)

    def _names(self, arg: ast.expr) -> list[str] | None:
        """What ``arg`` can be: a constant, or a name (or an f-string of one) from a dict."""
        if (value := _const(arg)) is not None:
            return [value]
        if isinstance(arg, ast.Name):
            return self._dict_values(arg.id)
        holes = [i for i, v in enumerate(getattr(arg, "values", [])) if _const(v) is None]
        if not isinstance(arg, ast.JoinedStr) or len(holes) != 1:
            return None
        hole, parts = holes[0], [_const(v) or "" for v in arg.values]
        values = self._dict_values(getattr(getattr(arg.values[hole], "value", None), "id", ""))
        head, tail = "".join(parts[:hole]), "".join(parts[hole + 1 :])
        return None if values is None else [head + value + tail for value in values]

    def _dict_values(self, name: str) -> list[str] | None:
        """The constants ``name`` takes from a module-level dict literal, else None.

        Bindings understood: ``name = D.get(k)``, ``name = D[k]``, and ``for ... in D.items()``
        (or ``D.values()``, or ``D``) with ``name`` anywhere in the loop's target.
        """
        for node in ast.walk(self.scopes[-1]):
            source, target, entries = _binding(node)
            mapping = self.dicts.get(getattr(source, "id", ""))
            if mapping is None or target is None:
                continue
            keys, values = [k for k in mapping.keys if k], mapping.values
            items: list[ast.expr] = [
                ast.Tuple([k, v], ast.Load()) for k, v in zip(keys, values, strict=True)
            ]
            table: dict[str, list[ast.expr]] = {"keys": keys, "values": values, "items": items}
            cases = table.get(entries, [])
            picked = [_const(_pick(target, case, name)) for case in cases]
            if picked and None not in picked:
                return [p for p in picked if p is not None]
        return None


def scan(root: Path) -> Graph:
    """Every import of the package at ``root`` by its own modules, typing-only ones excepted."""
    modules = _modules(root)
    graph = Graph({name: {} for name in modules})
    for module, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        scanner = _Scanner(module, path, tree, set(modules))
        scanner.visit(tree)
        graph.problems += scanner.problems
        for target, line in scanner.found:
            where = f"{_rel(path)}:{line}"
            missing = f"{where}: import of {target}, which does not exist"
            if target not in modules and missing not in graph.problems:
                graph.problems.append(missing)
            # Importing a.b.c runs a/__init__ and a/b/__init__ first. The importer's own
            # packages are already being imported when it runs, so those are not edges.
            parts = target.split(".")
            implied = (".".join(parts[:i]) for i in range(1, len(parts)))
            for name in [target, *(a for a in implied if not module.startswith(a + "."))]:
                if name != module:
                    graph.edges[module].setdefault(name, []).append(where)
    return graph


def _reach(graph: Graph, start: str, within: set[str] | None = None) -> dict[str, str]:
    """Breadth-first from ``start``: each module reached -> the module it was reached from."""
    prev, queue = {start: start}, deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph.edges.get(node, {})):
            if nxt not in prev and (within is None or nxt in within):
                prev[nxt] = node
                queue.append(nxt)
    return prev


def components(graph: Graph) -> list[set[str]]:
    """The strongly connected components of more than one module (by mutual reachability)."""
    reach = {node: set(_reach(graph, node)) for node in graph.edges}
    out: list[set[str]] = []
    for node in graph.edges:
        scc = {other for other in reach[node] if node in reach.get(other, ())}
        if len(scc) > 1 and scc not in out:
            out.append(scc)
    return out


def cycles(graph: Graph) -> list[list[str]]:
    """A shortest cycle through each import edge of each strongly connected component."""
    found: dict[tuple[str, ...], list[str]] = {}
    for scc in components(graph):
        for u in sorted(scc):
            for v in sorted(set(graph.edges[u]) & scc):
                prev, back = _reach(graph, v, scc), [u]
                while back[-1] != v:  # u <- ... <- v: the shortest path v -> ... -> u, reversed
                    back.append(prev[back[-1]])
                ring = [u, *reversed(back[1:])]
                ring = ring[ring.index(min(ring)) :] + ring[: ring.index(min(ring))]
                found[tuple(ring)] = [*ring, ring[0]]
    return [found[key] for key in sorted(found, key=lambda k: (len(k), k))]


def format_cycle(graph: Graph, cycle: list[str]) -> str:
    pairs = zip(cycle, cycle[1:], strict=False)
    steps = [f"      {a} -> {b}  ({graph.edges[a][b][0]})" for a, b in pairs]
    return "\n".join(["  " + " -> ".join(cycle), *steps])


def layer_of(module: str, default: int | None = None) -> int | None:
    matches = [
        (len(prefix), level)
        for level, prefixes in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or ("." in prefix and module.startswith(prefix + "."))
    ]
    return max(matches)[1] if matches else default


def layer_violations(graph: Graph) -> list[str]:
    out = [f"  {m}: in no layer (add it to LAYERS)" for m in graph.edges if layer_of(m) is None]
    for importer, imports in graph.edges.items():
        for imported, where in imports.items():
            low, high = layer_of(importer, len(LAYERS)) or 0, layer_of(imported, -1) or 0
            inner = [w for m in imports if m.startswith(imported + ".") for w in imports[m]]
            implied = set(where) <= set(inner)  # only as the package of a reported submodule
            if high > low and (importer, imported) not in ALLOWED_UPWARD and not implied:
                out.append(f"  {importer} (layer {low}) -> {imported} (layer {high}): {where[0]}")
    stale = [key for key in ALLOWED_UPWARD if key[1] not in graph.edges.get(key[0], {})]
    return out + [f"  stale ALLOWED_UPWARD entry: {key}" for key in stale]


def _lines(path: Path) -> list[str]:
    lines = path.read_text("utf-8").split("\n")  # physical lines: splitlines() also splits at \f
    return lines[:-1] if lines[-1] == "" else lines


def oversize_modules(root: Path, limit: int = MAX_MODULE_LINES) -> list[str]:
    sizes = {path: len(_lines(path)) for path in _modules(root).values()}
    return [f"  {_rel(path)}: {n} lines" for path, n in sizes.items() if n > limit]


def long_functions(root: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    out = []
    for path in _modules(root).values():
        lines = _lines(path)
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            top = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            # 0-based: the comment block right above the first decorator or the def (one
            # comment, maybe over several lines), and the body's first lines
            above = top - 2
            near = [node.lineno - 2, *range(node.lineno, node.body[0].lineno - 1)]
            while above >= 0 and lines[above].lstrip().startswith("#"):
                near.append(above)
                above -= 1
            if length > limit and not any(_WAIVER.match(lines[i]) for i in near if i >= 0):
                out.append(f"  {_rel(path)}:{node.lineno} {node.name}(): {length} lines")
    return out


@pytest.fixture(scope="module")
def tree() -> Graph:
    return scan(SRC)


def test_no_import_cycles(tree: Graph) -> None:
    found = cycles(tree)
    assert not found, f"{len(found)} import cycles (lazy imports included):\n" + "\n".join(
        format_cycle(tree, cycle) for cycle in found
    )


def test_imports_resolve(tree: Graph) -> None:
    assert not tree.problems, (
        "imports the checker cannot follow (a computed module name hides a dependency: use a "
        "constant, or a dict literal of constant names in the same module):\n  "
        + "\n  ".join(tree.problems)
    )


def test_layers_point_one_way(tree: Graph) -> None:
    bad = layer_violations(tree)
    assert not bad, "imports against LAYERS (bottom first):\n" + "\n".join(bad)


def test_module_size() -> None:
    bad = oversize_modules(SRC)
    assert not bad, f"modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(bad)


def test_function_size() -> None:
    bad = long_functions(SRC)
    assert not bad, (
        f"functions over {MAX_FUNCTION_LINES} lines (split them, or say why on a '# long: ...' "
        "line right above the def or as the first line of its body):\n" + "\n".join(bad)
    )


def test_checker_on_a_synthetic_tree(tmp_path: Path) -> None:
    pkg = tmp_path / "demo"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "HELPER = 1\n",
        "a.py": "from . import b\n",  # b.py exists: the submodule
        "b.py": "def f():\n    from .sub import c\n",  # lazy
        "sub/__init__.py": "",
        "sub/c.py": "from .. import a, HELPER\n",  # HELPER: the package __init__
        "typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n",
        "dyn.py": "import importlib\nM = {'x': 'a'}\nN = {'k': ('b', 'X')}\ndef g(n):\n"
        "    m = M.get(n)\n    importlib.import_module(f'.{m}', __package__)\n"
        "    for _, (o, _c) in N.items():\n        importlib.import_module('demo.' + o)\n"
        "    for _, (o, _c) in N.items():\n        importlib.import_module(f'demo.{o}')\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text)
    graph = scan(pkg)
    assert set(graph.edges["demo.a"]) == {"demo.b"}
    assert set(graph.edges["demo.b"]) == {"demo.sub", "demo.sub.c"}  # and the package it is in
    assert set(graph.edges["demo.sub.c"]) == {"demo.a", "demo"}
    assert graph.edges["demo.typed"] == {}
    assert set(graph.edges["demo.dyn"]) == {"demo.a", "demo.b"}  # through the dict literals
    assert graph.problems == [f"{pkg / 'dyn.py'}:8: import_module() of a computed name"]
    assert cycles(graph) == [["demo.a", "demo.b", "demo.sub.c", "demo.a"]]
    body = "    x = 1\n" * 80
    (pkg / "long.py").write_text(f"def f():\n{body}# long: a why\ndef g():\n{body}")
    assert [line.split()[1] for line in long_functions(pkg)] == ["f():"]
