"""Site profiles: learning a site's boilerplate from its pages, using it, saving it."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import articlekit
from articlekit import ProfileError, ProfileLearner, SiteProfile
from articlekit.config import sites
from articlekit.config.sites import block_key
from articlekit.profiles import PageKeys, SiteLearners, page_keys

THINGS = [
    "ferry terminal",
    "library",
    "cycle bridge",
    "school",
    "harbour wall",
    "swimming pool",
    "market hall",
    "bus station",
    "clinic",
    "sports ground",
    "fire station",
    "museum",
]
MONTHS = ["March", "April", "May", "June", "July", "August", "September", "October"]
PEOPLE = ["Ana Ruiz", "Tom Berg", "Lea Novak", "Sam Okoro", "Ida Holm", "Ben Reyes"]

# The frame every page of the made-up site has: none of it is in the package's word lists.
TOP = """\
Harbour Tidings
Front page
Island life
Boats and tides
Letters
"""
FOOTER = """\
Harbour Tidings is written and printed on the island by a small team of volunteers who \
have kept the paper going since the old press closed, and who welcome letters from readers \
about anything that happens on or around the water.

Postbox 12, Quay Street, Harbour Town
Printed on recycled paper by the Quayside Press
"""


def article(i: int, rng: random.Random) -> tuple[str, str]:
    thing, month, who = THINGS[i % len(THINGS)], MONTHS[i % len(MONTHS)], PEOPLE[i % 6]
    n = rng.randint(2, 40)
    title = f"Plans for the new {thing} approved after {n} months of talks"
    paragraphs = [
        f"The island council approved the plans for the new {thing} on Tuesday, after a debate "
        f"of {n} months in which residents argued about its cost and where it should stand.",
        f"{who}, who chairs the works committee, said that building would start in {month} "
        f"and that the {thing} should be open to everyone before the end of next year.",
        f"Some residents said they were worried that the {thing} would bring more traffic to "
        f"the quay, but most of the letters the council received were in favour of it.",
    ]
    return title, "\n\n".join(paragraphs)


def page(i: int, rng: random.Random | None = None) -> tuple[str, str]:
    """One page of the site, and its article body."""
    title, body = article(i, rng or random.Random(i))
    teaser = f"Tide table for week {i % 5 + 1}"
    text = f"{TOP}\n{title}\n\nBy {PEOPLE[i % 6]}\n\n{body}\n\n{teaser}\n\n{FOOTER}"
    return text, body


def site_pages(n: int = 8) -> list[str]:
    return [page(i)[0] for i in range(n)]


# -- learning --------------------------------------------------------------------------------------


def test_learn_finds_the_frame_and_not_the_articles() -> None:
    learned = SiteProfile.learn(site_pages(), site="tidings.example")
    assert learned.pages == 8 and learned.site == "tidings.example"
    texts = {e.text for e in learned}
    assert {"Harbour Tidings", "Boats and tides", "Postbox 12, Quay Street, Harbour Town"} <= texts
    assert any(t.startswith("Harbour Tidings is written") for t in texts)
    for i in range(8):
        for paragraph in page(i)[1].split("\n\n"):
            assert learned.get(paragraph) is None
    # "Tide table for week N": numbers fold, so the teaser line recurs on every page.
    assert learned.get("Tide table for week 9") is not None


def test_clean_with_the_profile_drops_the_frame() -> None:
    pages = site_pages()
    learned = SiteProfile.learn(pages)
    for i, text in enumerate(pages):
        plain = articlekit.clean(text)
        article = articlekit.clean(text, profile=learned)
        want = page(i)[1]
        assert article.body == want, article.body
        assert "Harbour Tidings is written" not in article.body
        assert len(article.body) <= len(plain.body)
        reasons = [s.reason for s in article.segments if s.extractor == "profile"]
        assert reasons and all(r.startswith("recurs on") for r in reasons)
        assert "Harbour Tidings is written" in plain.body  # what learning fixes
        assert "".join(article.text[s.start : s.end] for s in article.segments) == text


def test_labels_are_what_the_extractors_said() -> None:
    learned = SiteProfile.learn(site_pages())
    footer = learned.get(
        "Harbour Tidings is written" + FOOTER.split("written", 1)[1].split("\n")[0]
    )
    assert footer is not None
    assert footer.label == "chrome"  # the body scorer took it for prose: boilerplate is chrome
    assert dict(footer.labels).get("body", 0) >= 1


def test_a_recurring_byline_is_left_to_the_header() -> None:
    pages = [t.replace("By ", "By The Desk\n\nBy ", 1) for t in site_pages()]
    learned = SiteProfile.learn(pages)
    entry = learned.get("By The Desk")
    assert entry is not None and entry.label == "byline"
    article = articlekit.clean(pages[0], profile=learned)
    assert not [s for s in article.segments if s.extractor == "profile" and s.label == "byline"]


def test_too_few_pages_learn_nothing() -> None:
    assert len(SiteProfile.learn(site_pages(2))) == 0
    learned = SiteProfile.learn(site_pages(3))
    assert len(learned) > 0
    assert all(e.pages >= 3 for e in learned)


def test_share_decides_what_recurs_often_enough() -> None:
    pages = site_pages(10)
    pages[:4] = [t.replace("Letters\n", "Letters\nWinter timetable\n") for t in pages[:4]]
    assert SiteProfile.learn(pages, share=0.3).get("Winter timetable") is not None
    assert SiteProfile.learn(pages, share=0.5).get("Winter timetable") is None


def test_versions_of_one_story_keep_their_text() -> None:
    """Three versions of one story (a new first paragraph each time) in a small batch: their
    shared paragraphs recur on 3 of 7 pages, but article text needs more to be boilerplate."""
    pages = site_pages(4)
    text, body = page(5)
    paragraphs = body.split("\n\n")
    versions = []
    for k in range(3):
        day = ("Monday", "Wednesday", "Friday")[k]
        lead = (
            f"The council met again on {day} evening, and after a long and at times heated "
            "debate about the cost, the place and the timetable of the works, the vote on the "
            f"plan was finally taken ({['first', 'second', 'third'][k]} update)."
        )
        new_body = "\n\n".join([lead, *paragraphs[1:]])
        versions.append((text.replace(body, new_body), new_body))
    learned = SiteProfile.learn(pages + [v for v, _ in versions])
    for version, want in versions:
        assert articlekit.clean(version, profile=learned).body == want
    assert learned.get("Harbour Tidings") is not None


def test_duplicate_pages_count_once() -> None:
    pages = site_pages(2) + [page(0)[0]] * 3  # the same article, crawled four times
    learner = ProfileLearner()
    for text in pages:
        learner.add(text)
    assert learner.pages == 2 and learner.duplicates == 3
    assert len(learner.profile()) == 0


def test_learning_from_articles_is_learning_from_text() -> None:
    pages = site_pages()
    from_text = SiteProfile.learn(pages)
    from_articles = SiteProfile.learn([articlekit.clean(t) for t in pages])
    assert from_text.to_dict() == from_articles.to_dict()


def test_learning_in_worker_processes(tmp_path: Path) -> None:
    paths = []
    for i, text in enumerate(site_pages(6)):
        path = tmp_path / f"{i}.txt"
        path.write_text(text, "utf-8")
        paths.append(path)
    serial = SiteProfile.learn(paths)
    parallel = SiteProfile.learn(paths, jobs=2)
    assert serial.to_dict() == parallel.to_dict() and len(serial) > 0
    with pytest.raises(TypeError):
        SiteProfile.learn([articlekit.clean(site_pages(1)[0])], jobs=2)


def test_page_keys_label_each_block_once() -> None:
    text = site_pages(1)[0]
    keys = page_keys(articlekit.clean(text))
    names = [k for k, _, _ in keys.keys]
    assert len(names) == len(set(names))
    labels = dict((k, label) for k, label, _ in keys.keys)
    assert labels[block_key("Harbour Tidings")] in ("title", "chrome")
    assert keys.fingerprint is not None


def test_block_key() -> None:
    assert block_key("  Share   this!  ") == block_key("share this")
    assert block_key("12 comments") == block_key("3 Comments")
    assert block_key("2024") is None and block_key("→ ★") is None
    long = "word " * 200
    key = block_key(long)
    assert key is not None and len(key) <= sites.MAX_KEY + 20
    assert block_key(long) == key and block_key(long + "more") != key


# -- bounded memory, linear time -------------------------------------------------------------------


def test_counting_is_bounded_and_keeps_the_heavy_hitters() -> None:
    learner = ProfileLearner(capacity=64)
    rng = random.Random(1)
    for n in range(400):
        keys = [(f"menu {j}", "chrome", f"Menu {j}") for j in range(3)]  # every page
        keys += [(f"unique {n} {j}", "body", "x") for j in range(30)]  # never again
        if rng.random() < 0.5:
            keys.append(("sometimes", "promo", "Sometimes"))
        learner.add_keys(PageKeys(keys, None))
        assert len(learner._counts.counts) <= 64
    learned = learner.profile()
    assert {e.text for e in learned} >= {"Menu 0", "Menu 1", "Menu 2"}
    assert all(not e.key.startswith("unique") for e in learned)
    # Counts are lower bounds, off by at most the undercount.
    menu = learned.entries["menu 0"]
    assert 400 - learner._counts.undercount <= menu.pages <= 400
    assert learner._counts.undercount <= 2 * 400 * 34 / 64


def test_site_learners_keep_sites_apart_within_a_budget() -> None:
    learners = SiteLearners(budget=500)
    for site in ("a.example", "b.example"):
        for i in range(6):
            keys = [(f"{site} menu", "chrome", f"{site} menu")]
            keys += [(f"{site} {i} {j}", "body", "x") for j in range(100)]
            learners.add_keys(site, PageKeys(keys, f"fp {i}"))
    assert sum(len(x._counts.counts) for x in learners.learners.values()) <= 500
    found = {p.site: p for p in learners.profiles()}
    assert set(found) == {"a.example", "b.example"}
    assert found["a.example"].get("a.example menu") is not None
    assert found["a.example"].get("b.example menu") is None
    assert found["a.example"].pages == 6  # the same fingerprint on two sites is no duplicate


# -- choosing a profile --------------------------------------------------------------------------


def test_a_profile_for_another_site_is_not_used() -> None:
    pages = site_pages()
    learned = SiteProfile.learn(pages, site="tidings.example")
    text = pages[0]
    on_site = articlekit.clean(text, profile=learned, url="https://www.tidings.example/a")
    assert on_site.segments == articlekit.clean(text, profile=learned).segments
    other = articlekit.clean(text, profile=learned, url="https://elsewhere.example/a")
    assert not [s for s in other.segments if s.extractor == "profile"]


def test_several_profiles_pick_by_url_then_by_shared_boilerplate() -> None:
    pages = site_pages()
    tidings = SiteProfile.learn(pages, site="tidings.example")
    other_pages = [t.replace("Harbour Tidings", "Valley Echo") for t in pages]
    other_pages = [t.replace("Boats and tides", "Farms and fields") for t in other_pages]
    echo = SiteProfile.learn(other_pages, site="echo.example")
    both = [echo, tidings]
    article = articlekit.clean(pages[1], profile=both)
    reasons = {s.reason for s in article.segments if s.extractor == "profile"}
    assert reasons and all("tidings.example" in r for r in reasons)
    by_url = articlekit.clean(pages[1], profile=both, url="https://echo.example/x")
    assert all("echo.example" in s.reason for s in by_url.segments if s.extractor == "profile")


# -- files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_save_and_load(tmp_path: Path, suffix: str) -> None:
    learned = SiteProfile.learn(site_pages(), site="tidings.example")
    path = tmp_path / f"profile{suffix}"
    learned.save(path)
    again = SiteProfile.load(path)
    assert again.to_dict() == learned.to_dict()
    text = site_pages(1)[0]
    assert articlekit.clean(text, profile=path) == articlekit.clean(text, profile=learned)
    assert articlekit.clean(text, profile=str(path)) == articlekit.clean(text, profile=learned)


def test_several_sites_in_one_file(tmp_path: Path) -> None:
    a = SiteProfile.learn(site_pages(), site="a.example")
    b = SiteProfile.learn(site_pages(), site="b.example")
    path = tmp_path / "sites.json"
    sites.save(path, [a, b])
    assert [p.site for p in sites.load(path)] == ["a.example", "b.example"]
    with pytest.raises(ProfileError, match="holds 2 sites"):
        SiteProfile.load(path)


def test_a_hand_written_profile(tmp_path: Path) -> None:
    path = tmp_path / "hand.toml"
    path.write_text(
        """\
articlekit_profile = 1

[[sites]]
pages = 10

[[sites.entries]]
text = "Printed on recycled paper by the Quayside Press"
label = "disclaimer"
""",
        "utf-8",
    )
    article = articlekit.clean(site_pages(1)[0], profile=path)
    assert "Printed on recycled paper by the Quayside Press" in article.disclaimers


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON"),
        ('{"sites": [{"entries": [{"text": "x", "label": "body"}]}]}', "label 'body'"),
        ('{"sites": [{"pages": -1}]}', "pages must be"),
        ('{"articlekit_profile": 9, "sites": []}', "format 9"),
        ('{"title": "x"}', "not an articlekit profile"),
        ("[[sites]\n", "not valid TOML"),
    ],
)
def test_bad_profile_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / f"bad{abs(hash(content))}{'.toml' if content.startswith('[') else '.json'}"
    path.write_text(content, "utf-8")
    with pytest.raises(ProfileError, match=message) as info:
        sites.load(path)
    assert str(path) in str(info.value)
    with pytest.raises(ProfileError):
        articlekit.clean("text", profile=path)


def test_profile_argument_types() -> None:
    with pytest.raises(TypeError):
        articlekit.clean("text", profile=42)
    with pytest.raises(ProfileError, match="cannot read"):
        articlekit.clean("text", profile="/nonexistent/profile.json")


def test_saved_json_is_readable(tmp_path: Path) -> None:
    learned = SiteProfile.learn(site_pages())
    path = tmp_path / "p.json"
    learned.save(path)
    data = json.loads(path.read_text("utf-8"))
    assert data["articlekit_profile"] == 1
    entry = data["sites"][0]["entries"][0]
    assert set(entry) == {"key", "label", "pages", "text", "labels"}


def test_the_profile_reaches_the_html_path() -> None:
    pages = site_pages()
    learned = SiteProfile.learn(pages)

    def html(text: str) -> str:
        blocks = [b for b in text.split("\n\n") if b.strip()]
        return "<html><body>" + "".join(f"<p>{b}</p>" for b in blocks) + "</body></html>"

    article = articlekit.clean(html(pages[0]), profile=learned)
    assert article.input_format == "html"
