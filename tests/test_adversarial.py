"""Hostile and odd input: every case gives a valid Article or a clear ``InputError``.

Inputs are generated here. Sizes are chosen so the whole file runs in seconds; the same shapes
at up to 50 MB, with seconds per MB, are in ``benchmarks/scaling.py`` (docs/robustness.md).
Nothing here asserts a duration: a case that went quadratic would show as a test that takes
minutes instead of seconds.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

import articlekit
from articlekit import Article, InputError, clean_many

from .test_segments import assert_covers

PROSE = (
    "The council met on Tuesday and agreed that the budget would be cut by a third, "
    "officials said, after a long debate about the cost of the new bridge."
)
DUMP = f"Council cuts budget\n\nBy Jane Doe\n\n{PROSE}\n\n{PROSE.replace('Tuesday', 'Monday')}\n"
MB = 1_000_000


def sound(article: Article) -> Article:
    """A valid Article: segments cover its text, and its JSON is valid UTF-8."""
    assert_covers(article)
    article.to_json().encode("utf-8")
    return article


# -- empty, blank, binary ----------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", "", " ", "\n\n\n", " \t\r\n\u2028\u3000\xa0 ", b"\r\n" * 99])
def test_empty_and_blank_input_give_an_empty_article(data: str | bytes) -> None:
    article = sound(articlekit.clean(data))
    assert article.body == "" and article.title is None
    assert all(seg.label == "blank" for seg in article.segments)


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"\x00" * 1000,
        b"PK\x03\x04" + bytes(range(256)) * 8,  # a zip file
        b"%PDF-1.7\n" + b"\x00\x9c\xff\x10" * 500,
        b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 100,
    ],
    ids=["all-bytes", "nul", "zip", "pdf", "png"],
)
def test_binary_data_is_refused_with_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match="not text|decode"):
        articlekit.clean(data)


def test_a_few_nul_bytes_in_text_are_tolerated() -> None:
    data = DUMP.replace("Council", "Coun\x00cil").encode()
    article = sound(articlekit.clean(data))
    assert "\x00" in article.text


def test_invalid_utf8_is_decoded_or_refused_never_a_crash() -> None:
    data = DUMP.encode() + b"\xff\xfe\xc3\x28 broken \xe2\x82 sequence\n"
    try:
        article = articlekit.clean(data)
    except InputError:
        return
    sound(article)
    assert "council" in article.text.lower()


# -- encodings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_marks(encoding: str) -> None:
    text = "Заголовок 北京 café\n\n" + PROSE + "\n"
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    assert sound(articlekit.clean(data)).text == text


ENGLISH_1252 = (
    "The company said it was \u201cvery pleased\u201d with the results \u2014 revenue rose 12% "
    "to \u20ac4.2bn. Analysts\u2019 forecasts\u2026 were beaten.\n\n"
) * 8
FRENCH_1252 = (
    "Le gouvernement fran\u00e7ais a annonc\u00e9 une r\u00e9forme tr\u00e8s contest\u00e9e. "
    "\u00ab C\u2019est une d\u00e9cision na\u00efve \u00bb, a d\u00e9clar\u00e9 le ministre.\n\n"
) * 8
CHINESE = "北京市政府周二宣布，地铁票价将于明年上调。这是十年来首次调整，市民反应不一。\n\n" * 12


@pytest.mark.parametrize(
    "text,encoding",
    [
        (ENGLISH_1252, "cp1252"),  # detection alone once chose a DOS code page here
        (FRENCH_1252, "cp1252"),
        (CHINESE, "gb18030"),
        (CHINESE, "gbk"),
        ("Правительство объявило о новых мерах поддержки экономики.\n\n" * 8, "cp1251"),
        ("東京都は水曜日、新しい交通政策を発表した。十年ぶりの改正となる。\n\n" * 8, "shift_jis"),
        ("東京都は水曜日、新しい交通政策を発表した。十年ぶりの改正となる。\n\n" * 8, "euc_jp"),
    ],
    ids=["en-1252", "fr-1252", "gb18030", "gbk", "ru-1251", "shift_jis", "euc_jp"],
)
def test_legacy_encodings_decode_exactly(text: str, encoding: str) -> None:
    assert sound(articlekit.clean(text.encode(encoding))).text == text


def test_a_pages_declared_charset_is_believed() -> None:
    body = "<p>" + FRENCH_1252.replace("\n\n", "</p><p>") + "</p>"
    for declaration in (
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    ):
        page = f"<html><head>{declaration}<title>x</title></head><body>{body}</body></html>"
        article = sound(articlekit.clean(page.encode("cp1252")))
        assert "na\u00efve" in article.text and "C\u2019est" in article.text


# -- line endings --------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", ["\r\n", "\r", "\u2028", "\x85", "\n\r"])
def test_line_endings_give_the_same_article(sep: str) -> None:
    reference = articlekit.clean(DUMP)
    article = sound(articlekit.clean(DUMP.replace("\n", sep)))
    assert article.body == reference.body
    assert article.title == reference.title


def test_mixed_line_endings_in_one_dump() -> None:
    lines = DUMP.split("\n")
    seps = ["\r\n", "\r", "\u2028", "\n"]
    mixed = "".join(line + seps[i % 4] for i, line in enumerate(lines))
    article = sound(articlekit.clean(mixed.encode()))
    assert article.body == articlekit.clean(DUMP).body


# -- size ----------------------------------------------------------------------------------------


def test_max_bytes_refuses_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused before decoding or cleaning: those steps fail the test if they are reached
    (behaviour, not a time bound a loaded machine could break)."""
    from articlekit import api

    def reached(*_: object, **__: object) -> None:
        raise AssertionError("an input over max_bytes was decoded or cleaned")

    for step in ("decode", "_scrub", "_split"):
        monkeypatch.setattr(api, step, reached)
    data = (PROSE + "\n\n").encode() * (50 * MB // 200)  # a 50 MB dump
    with pytest.raises(InputError, match="max_bytes"):
        articlekit.clean(data, max_bytes=10 * MB)
    with pytest.raises(InputError, match="max_bytes"):
        articlekit.clean(data.decode(), max_bytes=10 * MB)
    big = tmp_path / "big.txt"
    big.write_bytes(data)
    (result,) = clean_many([big], jobs=1, errors="return", max_bytes=10 * MB)  # in-process
    assert isinstance(result, InputError) and "max_bytes" in str(result)
    with pytest.raises(InputError, match="decoded or cleaned"):  # the check can fail
        articlekit.clean(b"small", max_bytes=10 * MB)


def test_max_bytes_counts_utf8_bytes_of_text() -> None:
    assert articlekit.clean("e" * 100, max_bytes=100)
    with pytest.raises(InputError, match="max_bytes"):
        articlekit.clean("é" * 60, max_bytes=100)  # 60 characters, 120 bytes
    with pytest.raises(InputError, match="max_bytes"):
        articlekit.clean("北" * 30, max_bytes=80)  # 30 characters, 90 bytes
    assert articlekit.clean("\ud800" * 10, max_bytes=30)  # lone surrogates count 3 bytes
    assert articlekit.clean("x" * 1000, max_bytes=None)
    with pytest.raises(InputError):
        articlekit.clean(bytearray(b"x" * 101), max_bytes=100)
    with pytest.raises(InputError):
        articlekit.clean(memoryview(b"x" * 101), max_bytes=100)


def test_lone_surrogates_become_replacement_characters_one_for_one() -> None:
    text = "Title \ud800\n\n" + PROSE + " \udfff end\n"
    article = sound(articlekit.clean(text))
    assert len(article.text) == len(text)
    assert article.text == text.replace("\ud800", "\ufffd").replace("\udfff", "\ufffd")


def test_a_large_dump() -> None:
    data = (DUMP + "\n").encode() * (2 * MB // len(DUMP))
    article = sound(articlekit.clean(data))
    assert article.segments[-1].end == len(article.text) >= 2 * MB - len(DUMP)


def test_a_single_10mb_line() -> None:
    line = ("word " * (10 * MB // 5)).encode()
    article = sound(articlekit.clean(line))
    assert len(article.text) == 10 * MB


def test_100000_tiny_lines() -> None:
    data = "".join(f"{i % 10}\n" for i in range(100_000))
    article = sound(articlekit.clean(data))
    assert len(article.segments) >= 100_000


# -- HTML ----------------------------------------------------------------------------------------


def test_deeply_nested_html_gives_a_valid_article() -> None:
    page = "<html><body>" + "<div>" * 10_000 + f"<p>{PROSE}</p>" + "</div>" * 10_000
    sound(articlekit.clean(page + "</body></html>"))
    sound(articlekit.clean("<div>" * 10_000))  # never closed
    sound(articlekit.clean("<html><body>" + "<b><i>" * 5_000 + PROSE))


def test_deeply_nested_html_keeps_its_text() -> None:
    page = "<html><body>" + "<div>" * 10_000 + f"<p>{PROSE}</p>" + "</div>" * 10_000
    assert "bridge" in articlekit.clean(page + "</body></html>").body


def test_html_with_a_single_12mb_text_node_keeps_its_text() -> None:
    page = "<html><body><p>" + "word " * 2_400_000 + f"</p><p>{PROSE}</p></body></html>"
    article = sound(articlekit.clean(page))
    assert "bridge" in article.body and len(article.body) > 12 * MB


def test_megabytes_of_inline_script_are_skipped() -> None:
    script = "var a = '<p>not content</p>'; function f(x) { return x < 1 && x > 0; }\n" * 60_000
    page = (
        f"<html><head><script>{script}</script></head><body><h1>Council cuts budget</h1>"
        f"<p>{PROSE}</p><script>{script}</script><style>{'p{color:red}' * 100_000}</style>"
        "</body></html>"
    )
    assert len(page) > 8 * MB
    article = sound(articlekit.clean(page.encode()))
    assert "bridge" in article.body
    assert "not content" not in article.text and "function" not in article.text


def test_html_with_nul_bytes_and_broken_markup() -> None:
    page = "<html><body><p>" + PROSE.replace(" ", "\x00 ", 3) + "</p><p <<>> </div></html"
    sound(articlekit.clean(page))
    sound(articlekit.clean(page.encode()))


# -- regular-expression backtracking ---------------------------------------------------------------

N = 100_000
BACKTRACKING = {
    "spaces": "A" + " " * N + "B",
    "spaces-then-pipe": "Title" + " " * N + "x |",
    "dashes": "- " * (N // 2),
    "pipes": "| " * (N // 2),
    "open-parens": "(" * N,
    "paren-words": "Photo (" + "a(" * (N // 2),
    "capitals-dateline": "LONDON" + " A" * (N // 2) + " (Reuters) -",
    "digits-colons": "1:" * (N // 2),
    "digits-dots": "1." * (N // 2),
    "date-like": "12/" * (N // 3),
    "month-days": "Nov " * (N // 4),
    "ago": "3 " * (N // 2) + "hours",
    "by-names": "By " + "Jane Doe and " * (N // 13),
    "quote-marks": ">" * N,
    "bullets": "\u2022 " * (N // 2),
    "breadcrumbs": "Home" + " > Home" * (N // 7),
    "counter": "1" * 9 + "k" * N,
    "camel": "aB" * (N // 2),
    "cjk": "北京" * (N // 2),
    "long-word": "x" * N,
    "url": "https://" + "a." * (N // 2) + "com/" + "b/" * 1000,
    "entities": "&amp;" * (N // 5),
}


@pytest.mark.parametrize("name", list(BACKTRACKING))
def test_lines_built_to_trigger_backtracking(name: str) -> None:
    line = BACKTRACKING[name]
    for dump in (line, f"{line}\n\n{DUMP}", f"{DUMP}\n{line}\n\n{PROSE}\n"):
        sound(articlekit.clean(dump, format="text"))
    sound(articlekit.clean(f"<html><body><p>{line}</p><p>{PROSE}</p></body></html>"))


def test_the_scaling_benchmark_runs(tmp_path: Path) -> None:
    """``make scaling`` measures these shapes at up to 50 MB; a short run keeps it working."""
    from benchmarks import scaling

    shapes = "one long line,spaces line"
    argv = ["--quick", "--no-throughput", "--shapes", shapes, "--out", str(tmp_path)]
    assert scaling.main(argv) == 0
    rows = json.loads((tmp_path / "scaling.json").read_text(encoding="utf-8"))["per_mb"]
    assert [row["shape"] for row in rows] == ["one long line"] * 2 + ["spaces line"] * 2
    assert all(row["s_per_mb"] >= 0 for row in rows)
    assert "| shape |" in (tmp_path / "scaling.md").read_text(encoding="utf-8")
