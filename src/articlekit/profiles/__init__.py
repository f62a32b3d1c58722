"""Site profiles: boilerplate learned from many pages of one site (docs/site-profiles.md)."""
