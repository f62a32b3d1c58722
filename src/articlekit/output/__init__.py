"""Views of an Article for people: plain text and Markdown, the audit page, its folder index,
and ``explain``. They import the model only for type checking; labels come from
``articlekit.labels``."""
