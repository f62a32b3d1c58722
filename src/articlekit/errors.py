"""The exceptions articlekit raises on purpose."""

from __future__ import annotations


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
