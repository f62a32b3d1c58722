"""Configuration: what one call of ``clean()`` is told, built from the package's data files, a
user's rule pack, the favour knob and site profiles."""
