"""The HTML path: parse, trafilatura's main content and metadata, markup verdicts on widgets,
one rendering of the page, then the text steps over the main content."""
