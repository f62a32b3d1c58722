"""The exceptions articlekit raises on purpose, and the boundary that makes InputError the only
one an input can cause."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


class InputError(ValueError):
    """The input cannot be cleaned: undecodable bytes, over ``max_bytes``, or not text at all.

    Subclasses ``ValueError`` so callers that already catch bad values keep working.
    """


class DependencyError(ImportError):
    """A package articlekit needs is missing or broken (it imports with an error): named, with
    the error it gave, instead of quietly worse output.

    Subclasses ``ImportError``, which is what it is.
    """

    def __init__(self, package: str, needed_for: str, cause: BaseException | str | None = None):
        why = f"{type(cause).__name__}: {cause}" if isinstance(cause, BaseException) else cause
        super().__init__(
            f"articlekit needs {package!r} for {needed_for}, and importing it failed: "
            f"{why or 'it is not installed'}. Repair that installation (what the error asks "
            f"for, or pip install --force-reinstall {package}): without it articlekit gives "
            "no output, never worse output",
            name=package,
        )
        self.package, self._args = package, (package, needed_for, why)

    def __reduce__(self) -> tuple[type[DependencyError], tuple[str, str, str | None]]:
        # Travels from a worker process to the parent whole (clean_many, the command).
        return (DependencyError, self._args)


@contextlib.contextmanager
def input_boundary(what: str = "this input") -> Iterator[None]:
    """Whatever an input makes fail inside the block leaves it as :class:`InputError`, with
    the original exception as its ``__cause__`` and named in its message: a ``LookupError``
    from a codec, a ``RecursionError`` from a parser, an ``OverflowError`` from a date, a bug
    that only some page reaches. ``MemoryError`` (the machine, not the input) and what is not
    an ``Exception`` (Ctrl-C, ``SystemExit``) pass through unchanged."""
    try:
        yield
    except (InputError, MemoryError, DependencyError):
        raise
    except Exception as exc:
        raise InputError(f"cannot clean {what}: {type(exc).__name__}: {exc}") from exc
