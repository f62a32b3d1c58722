"""A gradient-boosted forest read from a JSON data file and evaluated with numpy.

Training (training/train.py, with scikit-learn) writes the trees as plain arrays; here they are
joined into one node table so that every tree walks one level per numpy step: the cost is the
forest's depth in array operations per page, not one Python loop per tree and block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, eq=False)
class Forest:
    """Trees of binary splits ``x <= threshold`` (NaN goes the node's missing side), whose
    leaf values add up, with the baseline, to the log-odds of the positive class."""

    features: tuple[str, ...]
    baseline: float
    roots: np.ndarray  # node index of each tree's root, trees in order of depth
    tree_order: np.ndarray  # the trees' places in the file, in that order
    walking: tuple[int, ...]  # per level: the first tree (in depth order) still walking
    feature: np.ndarray  # per node: the column it splits on (0 at leaves)
    threshold: np.ndarray
    missing_left: np.ndarray
    #: per node: where ``_walk`` reads the value it compares, in a row written twice (its
    #: NaN left as they are, then read as -inf): the feature's column, in the second copy
    #: where the node sends missing values left
    column: np.ndarray
    #: per node: its left and right child, interleaved, for one gather per level (a leaf
    #: points at itself both ways)
    children: np.ndarray
    value: np.ndarray  # per node: what a leaf adds
    #: per node: the tree's estimate there, on the leaves' scale (for attributions)
    node_value: np.ndarray

    @property
    def depth(self) -> int:
        """Splits on the forest's longest root-to-leaf path."""
        return len(self.walking)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Forest:
        parts: dict[str, list[np.ndarray]] = {k: [] for k in ("f", "t", "m", "l", "r", "v")}
        roots, depths, offset = [], [], 0
        leaves: list[np.ndarray] = []
        # Split nodes hold the unshrunk estimate; leaves hold it times the learning rate.
        rate = float(raw.get("learning_rate", 1.0))
        for tree in raw["trees"]:
            leaf = np.asarray(tree["leaf"], dtype=bool)
            n = len(leaf)
            own = np.arange(n) + offset
            left = np.where(leaf, own, np.asarray(tree["left"], dtype=np.intp) + offset)
            right = np.where(leaf, own, np.asarray(tree["right"], dtype=np.intp) + offset)
            parts["f"].append(np.where(leaf, 0, np.asarray(tree["feature"], dtype=np.intp)))
            parts["t"].append(np.asarray(tree["threshold"], dtype=np.float64))
            parts["m"].append(np.asarray(tree["missing_left"], dtype=bool))
            parts["l"].append(left)
            parts["r"].append(right)
            parts["v"].append(np.asarray(tree["value"], dtype=np.float64))
            leaves.append(leaf)
            roots.append(offset)
            depths.append(_depth(tree))
            offset += n
        value = np.concatenate(parts["v"])
        children = np.empty(2 * len(value), dtype=np.intp)
        children[0::2], children[1::2] = np.concatenate(parts["l"]), np.concatenate(parts["r"])
        is_leaf = np.concatenate(leaves)
        threshold = np.concatenate(parts["t"])
        if np.isnan(threshold[~is_leaf]).any():
            raise ValueError("a split of the forest has no threshold (NaN)")
        feature, missing_left = np.concatenate(parts["f"]), np.concatenate(parts["m"])
        # Trees shallowest first: at level d only the trees deeper than d still walk, a suffix.
        order = np.argsort(np.asarray(depths), kind="stable")
        deep = np.asarray(depths)[order]
        return cls(
            features=tuple(raw["features"]),
            baseline=float(raw["baseline"]),
            roots=np.asarray(roots, dtype=np.intp)[order],
            tree_order=order,
            walking=tuple(
                int(np.searchsorted(deep, d, side="right")) for d in range(int(deep.max(initial=0)))
            ),
            feature=feature,
            threshold=threshold,
            missing_left=missing_left,
            column=feature + len(raw["features"]) * missing_left,
            children=children,
            value=value,
            node_value=np.where(is_leaf, value, value * rate),
        )

    def _walk(self, X: np.ndarray, node: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Walk every tree one level at a time, moving ``node`` (``[trees, rows]``, trees in
        order of depth, at their roots) in place: per level, yield the nodes the rows stand on
        (only the trees still walking: a contiguous block of ``node``'s rows) and where they
        move."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        rows, width = X.shape
        if width != len(self.features):
            raise ValueError(f"the forest reads {len(self.features)} features, not {width}")
        # NaN compares False, so it goes right; where the node sends missing values left, the
        # node reads the copy in which NaN is -inf, below every threshold. Other values are
        # the same in both copies.
        flat = np.hstack([X, np.where(np.isnan(X), -np.inf, X)]).ravel()
        base = np.arange(rows) * (2 * width)
        for first in self.walking:
            part = node[first:]
            left = flat.take(base + self.column.take(part)) <= self.threshold.take(part)
            nxt = self.children.take(2 * part + ~left)
            yield part, nxt
            node[first:] = nxt

    def _roots(self, rows: int) -> np.ndarray:
        node: np.ndarray = np.repeat(self.roots[:, None], rows, axis=1)
        return node

    def leaves(self, X: np.ndarray) -> np.ndarray:
        """The leaf each row reaches in each tree: ``[rows, trees]`` node indices, trees in
        order of depth."""
        node = self._roots(len(X))
        for _ in self._walk(X, node):
            pass
        out: np.ndarray = node.T
        return out

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Log-odds per row; adds the trees in order, as the trainer's own predictor does."""
        return _by_chunks(self._raw, X, ())

    def _raw(self, X: np.ndarray) -> np.ndarray:
        # column 0 the baseline, then each tree's leaf value in the file's order: a running
        # sum along the row adds them one by one in that order, as the trainer does (the same
        # bits as a loop over the trees, in one call)
        values = np.empty((len(X), len(self.roots) + 1), dtype=np.float64)
        values[:, 0] = self.baseline
        values[:, 1 + self.tree_order] = self.value[self.leaves(X)]
        out: np.ndarray = np.cumsum(values, axis=1)[:, -1]
        return out

    def attributions(self, X: np.ndarray) -> np.ndarray:
        """Per row and feature, how much the splits on that feature moved the log-odds along
        the row's paths (each split's child estimate minus its own; Saabas' method)."""
        return _by_chunks(self._attributions, X, (len(self.features),))

    def _attributions(self, X: np.ndarray) -> np.ndarray:
        n, width = len(X), len(self.features)
        slots = (np.arange(n) * width)[:, None]
        out = np.zeros(n * width, dtype=np.float64)
        for part, nxt in self._walk(X, self._roots(n)):
            feature = self.feature.take(part)
            delta = self.node_value.take(nxt) - self.node_value.take(part)  # 0 at a leaf
            # row by row, as the sums were always taken (the order fixes their last bits)
            out += np.bincount((slots + feature.T).ravel(), delta.T.ravel(), n * width)
        return out.reshape(n, width)

    def proba(self, X: np.ndarray) -> np.ndarray:
        out: np.ndarray = 1.0 / (1.0 + np.exp(-self.raw(X)))
        return out


#: Rows walked at once: the walk holds a node per tree and row and the rows twice over in
#: float64, so a gigantic page (a million blocks) is walked a slice at a time, in bounded
#: memory. Rows are independent: the answers are the same bits either way.
CHUNK = 1024


def _by_chunks(
    fn: Callable[[np.ndarray], np.ndarray], X: np.ndarray, tail: tuple[int, ...]
) -> np.ndarray:
    """``fn`` over ``X``'s rows :data:`CHUNK` at a time, its answers in one array."""
    if len(X) <= CHUNK:
        return fn(X)
    out = np.empty((len(X), *tail), dtype=np.float64)
    for start in range(0, len(X), CHUNK):
        out[start : start + CHUNK] = fn(X[start : start + CHUNK])
    return out


def _depth(tree: dict[str, Any]) -> int:
    """Splits on the longest root-to-leaf path."""
    left, right, leaf = tree["left"], tree["right"], tree["leaf"]
    best, stack = 0, [(0, 0)]
    while stack:
        node, d = stack.pop()
        if leaf[node]:
            best = max(best, d)
        else:
            stack.extend(((left[node], d + 1), (right[node], d + 1)))
    return best


__all__ = ["Forest"]
