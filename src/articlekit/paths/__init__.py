"""The two paths a document takes: ``text`` (a dump) and ``html`` (a page), each a sequence of
steps over one page state."""
