"""``articlekit.output.escape`` and ``articlekit.output.style``: the views' small helpers."""

from __future__ import annotations

import re

from articlekit.labels import LABELS
from articlekit.output.escape import css_name, escape_attr, escape_text, plain, snippet
from articlekit.output.style import COLOURS, fmt, pct


def test_escape_text_markup_and_carriage_return() -> None:
    assert escape_text("a & <b> \"q\" 'x'\r\n\t") == "a &amp; &lt;b&gt; \"q\" 'x'&#13;\n\t"


def test_escape_text_stand_ins() -> None:
    assert escape_text("\x1b") == (
        '<span class="cc" data-cp="1b" title="U+001B control character">1B</span>'
    )
    assert escape_text("\u202e") == (
        '<span class="cc" data-cp="202e" title="U+202E RIGHT-TO-LEFT OVERRIDE">202E</span>'
    )
    assert 'title="U+D800 unpaired surrogate">D800<' in escape_text("\ud800")
    assert 'title="U+0085">85<' in escape_text("\x85")  # a C1 control has no name
    # Ordinary text, also outside ASCII, is left as it is.
    assert escape_text("é 中文 \u00a0") == "é 中文 \u00a0"


def test_escape_attr() -> None:
    assert escape_attr("a & <b> \"q\" 'x'") == "a &amp; &lt;b&gt; &quot;q&quot; &#x27;x&#x27;"
    assert escape_attr("1\r\n2\t") == "1&#13;&#10;2\t"
    assert escape_attr("\x1b\u202e\ud800") == "\\u001b\\u202e\\ud800"


def test_css_name() -> None:
    assert css_name("Body") == "body"
    assert css_name("my label!") == "my_label_"
    assert css_name("") == "_"
    assert all(re.fullmatch(r"[a-z0-9_-]+", css_name(label)) for label in LABELS)


def test_snippet() -> None:
    assert snippet("  a\n\n b\tc  ") == "a b c"
    assert snippet("abcdef", 6) == "abcdef"
    assert snippet("abcd efgh", 6) == "abcd…"  # cut, the space before the cut dropped
    assert len(snippet("x" * 500)) == 110


def test_plain() -> None:
    assert plain(" a\n b ") == "a b"
    assert plain("\x1b[2J\x07\x9b\u202eok\u200b") == "\\x1b[2J\\x07\\x9b\\u202eok\\u200b"
    assert plain("tab\tand é") == "tab and é"


def test_fmt_and_pct() -> None:
    assert fmt(0) == "0" and fmt(1234567) == "1,234,567"
    assert pct(1, 0) == "0%"
    assert pct(0, 7) == "0.0%"
    assert pct(1, 30) == "3.3%"
    assert pct(99, 1000) == "9.9%"
    assert pct(1, 10) == "10%"
    assert pct(2, 3) == "67%"


def test_every_label_has_colours() -> None:
    assert set(COLOURS) == set(LABELS)
