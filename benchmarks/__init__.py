"""Evaluation and speed benchmarks for articlekit (not shipped with the package)."""
