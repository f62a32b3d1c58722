"""Views of an Article for people: the audit page and ``explain``."""
