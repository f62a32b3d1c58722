"""``python -m articlekit``: the same command as the ``articlekit`` console script."""

from __future__ import annotations

from articlekit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
