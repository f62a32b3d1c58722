"""``articlekit.labels``: the label constants in a leaf module, re-exported where they were."""

from __future__ import annotations

import ast
from pathlib import Path

import articlekit
import articlekit.labels
import articlekit.model

SRC = Path(articlekit.__file__).parent


def _runtime_imports(path: Path) -> set[str]:
    """Modules ``path`` imports when it runs (anything under ``if TYPE_CHECKING:`` left out)."""
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
                visit(node.orelse)
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import):
                    found.update(alias.name for alias in sub.names)
                elif isinstance(sub, ast.ImportFrom) and sub.module:
                    found.add(sub.module)

    visit(ast.parse(path.read_text("utf-8")).body)
    return found


def test_model_and_package_reexport_the_same_objects() -> None:
    for name in ("LABELS", "BODY_LABELS", "BLOCK_KINDS", "PROMO_KINDS"):
        assert getattr(articlekit.model, name) is getattr(articlekit.labels, name)
    assert articlekit.LABELS is articlekit.labels.LABELS


def test_body_labels_are_labels() -> None:
    assert articlekit.labels.BODY_LABELS.issubset(articlekit.labels.LABELS)
    assert articlekit.labels.LABELS[-1] == "blank"
    assert len(set(articlekit.labels.LABELS)) == len(articlekit.labels.LABELS)


def test_labels_is_a_leaf() -> None:
    imported = _runtime_imports(SRC / "labels.py")
    assert not {m for m in imported if m.split(".")[0] == "articlekit"}


def test_output_imports_the_model_only_for_type_checking() -> None:
    for path in sorted((SRC / "output").glob("*.py")):
        assert "articlekit.model" not in _runtime_imports(path), path.name
