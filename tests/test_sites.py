"""Site profiles as data (articlekit.config.sites): keys, files, choosing a profile.

Every profile here is built by hand; nothing is cleaned (learning is tests/test_profile.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from articlekit.config import sites
from articlekit.config.sites import (
    Entry,
    ProfileError,
    SiteProfile,
    as_profiles,
    block_key,
    choose,
    site_of,
)
from articlekit.text.document import build


def entry(text: str, label: str = "chrome", pages: int = 5, **labels: int) -> Entry:
    key = block_key(text)
    assert key is not None
    return Entry(key, label, pages, text, tuple(labels.items()))


def profile(*texts: str, site: str | None = None, pages: int = 10) -> SiteProfile:
    return SiteProfile([entry(t) for t in texts], site=site, pages=pages)


MENU = ("Front page", "Island life", "Boats and tides", "Letters")
FOOTER = ("Postbox 12, Quay Street, Harbour Town", "Printed on recycled paper")


def page(*lines: str) -> str:
    return "\n\n".join([*lines, "A line that only this page has, about the new ferry terminal."])


# -- keys ----------------------------------------------------------------------------------------


def test_block_key_folds_case_spaces_digits_and_trims_punctuation() -> None:
    assert block_key("  Share   THIS!  ") == block_key("share this") == "share this"
    assert block_key("12 comments") == block_key("3 Comments") == "0 comments"
    assert block_key("© 2023 Harbour Tidings") == block_key("© 2024 Harbour Tidings")
    assert block_key("Share this") != block_key("Share that")


def test_block_key_is_none_without_letters() -> None:
    for text in ("", "   ", "2024", "→ ★", "12:30 | 4/5", "—"):
        assert block_key(text) is None


def test_long_keys_are_cut_with_a_hash_of_the_whole() -> None:
    long = "word " * 100
    key = block_key(long)
    assert key is not None and len(key) <= sites.MAX_KEY + 20 and "#" in key
    assert block_key(long) == key  # stable
    assert block_key(long + "more") != key  # same start, other text: another key
    assert block_key("word " * 10) == "word " * 9 + "word"  # short keys are kept whole


# -- a profile -----------------------------------------------------------------------------------


def test_get_and_contains_match_any_spacing_case_or_numbers() -> None:
    p = SiteProfile([entry("12 comments", pages=4), entry("Letters", "promo", 8)], pages=8)
    assert len(p) == 2 and {e.label for e in p} == {"chrome", "promo"}
    found = p.get("  3 COMMENTS ")
    assert found is not None and found.pages == 4
    assert "LETTERS" in p and "Letters to the editor" not in p
    assert "2024" not in p and 42 not in p  # no key, not text
    assert p.share_of(p.entries["letters"]) == 1.0
    assert SiteProfile([entry("Letters")]).share_of(entry("Letters")) == 0.0  # no pages
    assert repr(p) == "SiteProfile(site=None, pages=8, entries=2)"


# -- files ---------------------------------------------------------------------------------------


def hand_profile() -> SiteProfile:
    return SiteProfile(
        [
            entry("Front page", pages=40, chrome=30, body=10),
            entry("Subscribe to our free morning briefing", "promo", 38, promo=30, body=8),
            entry("Prices are indicative", "disclaimer", 12, disclaimer=12),
            entry("By Staff Reporter", "byline", 20, byline=20),
            entry('Quotes "and" back\\slashes, ünïcode', "caption", 7),
        ],
        site="example.com",
        pages=40,
        duplicates=2,
        share=0.25,
        min_pages=4,
    )


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_save_and_load_round_trip(tmp_path: Path, suffix: str) -> None:
    made = hand_profile()
    path = tmp_path / f"p{suffix}"
    made.save(path)
    again = SiteProfile.load(path)
    assert again.to_dict() == made.to_dict()
    assert (again.site, again.pages, again.duplicates) == ("example.com", 40, 2)
    assert (again.share, again.min_pages) == (0.25, 4)
    assert again.entries == made.entries
    assert not list(tmp_path.glob("*.tmp*"))  # written through a temporary file, then moved


def test_the_json_format(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    hand_profile().save(path)
    data = json.loads(path.read_text("utf-8"))
    assert data["articlekit_profile"] == 1 and len(data["sites"]) == 1
    site = data["sites"][0]
    assert {k: v for k, v in site.items() if k != "entries"} == {
        "site": "example.com",
        "pages": 40,
        "duplicates": 2,
        "share": 0.25,
        "min_pages": 4,
    }
    # Most pages first, then by key.
    assert [e["pages"] for e in site["entries"]] == [40, 38, 20, 12, 7]
    assert site["entries"][1] == {
        "key": "subscribe to our free morning briefing",
        "label": "promo",
        "pages": 38,
        "text": "Subscribe to our free morning briefing",
        "labels": {"promo": 30, "body": 8},
    }
    assert "ünïcode" in path.read_text("utf-8")  # not escaped


def test_the_toml_format(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    hand_profile().save(path)
    text = path.read_text("utf-8")
    assert text.startswith("# articlekit site profile")
    assert 'articlekit_profile = 1\n\n[[sites]]\nsite = "example.com"\npages = 40\n' in text
    assert 'labels = { "promo" = 30, "body" = 8 }' in text
    siteless = SiteProfile([entry("Letters")], pages=3)  # no site: no site line, empty labels
    siteless.save(path)
    text = path.read_text("utf-8")
    assert "site =" not in text and "labels = {}" in text
    assert SiteProfile.load(path).to_dict() == siteless.to_dict()


def test_format_overrides_the_suffix(tmp_path: Path) -> None:
    path = tmp_path / "profile.txt"
    hand_profile().save(path, format="toml")
    assert path.read_text("utf-8").startswith("#")
    assert SiteProfile.load(path).to_dict() == hand_profile().to_dict()  # TOML by content
    hand_profile().save(path, format="json")
    assert path.read_text("utf-8").startswith("{")
    assert SiteProfile.load(path).to_dict() == hand_profile().to_dict()  # JSON by content
    with pytest.raises(ValueError, match="'json' or 'toml'"):
        hand_profile().save(path, format="yaml")


def test_several_sites_per_file(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    made = [profile("Letters", site="a.example"), profile("Menu", site="b.example"), profile("X")]
    sites.save(path, made)
    loaded = sites.load(path)
    assert [p.to_dict() for p in loaded] == [p.to_dict() for p in made]
    with pytest.raises(ProfileError, match="holds 3 sites"):
        SiteProfile.load(path)


def test_an_unchanged_file_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    hand_profile().save(path)
    first, again = sites.load(path), sites.load(path)
    assert first == again and first[0] is again[0]  # the same objects: indexed once by choose


def test_entries_written_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "hand.json"
    entries = [{"text": "Subscribe  NOW!", "label": "promo"}, {"key": "letters"}]
    path.write_text(json.dumps({"sites": [{"pages": 10, "entries": entries}]}), "utf-8")
    (p,) = sites.load(path)
    assert p.site is None and p.pages == 10 and p.duplicates == 0
    assert (p.share, p.min_pages) == (sites.DEFAULT_SHARE, sites.DEFAULT_MIN_PAGES)
    made = p.entries["subscribe now"]
    assert (made.label, made.pages, made.text, made.labels) == ("promo", 10, "Subscribe  NOW!", ())
    assert p.entries["letters"].label == "chrome" and p.entries["letters"].text == ""


def sites_file(tmp_path: Path, site: Any) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"articlekit_profile": 1, "sites": [site]}), "utf-8")
    return path


@pytest.mark.parametrize(
    ("site", "message"),
    [
        ("example.com", r"sites\[0\]: a site must be a table, not str"),
        ({"entries": {}}, r"sites\[0\]: entries must be a list"),
        ({"entries": ["x"]}, r"entries\[0\] must be a table"),
        ({"entries": [{"label": "promo"}]}, r"entries\[0\]: needs a key"),
        ({"entries": [{"text": "2024"}]}, r"entries\[0\]: needs a key"),  # no letters
        ({"entries": [{"key": "x", "label": "body"}]}, "label 'body' is not one of chrome"),
        ({"entries": [{"key": "x", "labels": [1]}]}, "labels must be a table of counts"),
        ({"entries": [{"key": "x", "labels": {"a": -1}}]}, "labels must be a whole number"),
        ({"entries": [{"key": "x", "pages": 1.5}]}, r"entries\[0\]: pages must be a whole"),
        ({"pages": True}, "pages must be a whole number >= 0, not True"),
        ({"duplicates": -2}, "duplicates must be"),
        ({"min_pages": "3"}, "min_pages must be"),
    ],
)
def test_bad_sites_say_where(tmp_path: Path, site: Any, message: str) -> None:
    path = sites_file(tmp_path, site)
    with pytest.raises(ProfileError, match=message) as info:
        sites.load(path)
    assert str(info.value).startswith(f"{path}: sites[0]")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{\n  "sites": [,]\n}', r":2: not valid JSON"),
        ('{"sites": {}}', "'sites' must be a list"),
        ('{"articlekit_profile": 2, "sites": []}', "profile format 2; this articlekit reads 1"),
        ('title = "x"', "not an articlekit profile"),  # TOML, by content
        ("sites = 3 = 4", "not valid TOML"),
    ],
)
def test_bad_files_say_why(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.profile"
    path.write_text(content, "utf-8")
    with pytest.raises(ProfileError, match=message):
        sites.load(path)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read the profile"):
        sites.load(tmp_path / "missing.json")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"sites": [{"site": "caf\xe9"}]}')
    with pytest.raises(ProfileError, match="cannot read the profile"):
        sites.load(latin)


# -- what clean(profile=...) takes ---------------------------------------------------------------


def test_as_profiles(tmp_path: Path) -> None:
    a, b = profile("Letters", site="a.example"), profile("Menu")
    assert as_profiles(a) == (a,)
    assert as_profiles([a, b]) == (a, b) and as_profiles((b,)) == (b,)
    assert as_profiles([]) == ()
    path = tmp_path / "p.json"
    sites.save(path, [a, b])
    for value in (path, str(path)):
        assert [p.to_dict() for p in as_profiles(value)] == [a.to_dict(), b.to_dict()]
    for bad in (42, None, [a, "p.json"], {"site": "a.example"}.items()):
        with pytest.raises(TypeError, match="profile must be a SiteProfile"):
            as_profiles(bad)


# -- choosing the page's profile -----------------------------------------------------------------


def test_choose_by_site_then_subdomain() -> None:
    a, b = profile(*MENU, site="a.example"), profile(*MENU, site="b.example")
    doc = build(page(*MENU))
    assert choose([a, b], "b.example", doc) is b
    assert choose([a, b], "news.a.example", doc) is a  # a subdomain of the profile's site
    assert choose([a, b], "notb.example", doc) is None  # not a subdomain: another host
    assert choose([a, b], "c.example", doc) is None  # another host's profiles are never used


def test_a_single_profile_without_a_site_applies_to_every_page() -> None:
    any_site = profile("Nothing this page has")
    doc = build(page("Something else"))
    assert choose([any_site], "c.example", doc) is any_site
    assert choose([any_site], None, doc) is any_site
    a = profile(*MENU, site="a.example")
    assert choose([a, any_site], "c.example", doc) is any_site
    assert choose([a, any_site], "a.example", doc) is a  # the page's site first


def test_without_a_site_the_profile_sharing_most_boilerplate() -> None:
    tidings = profile(*MENU, *FOOTER, site="tidings.example")
    echo = profile("Farms and fields", "Front page", "Letters", site="echo.example")
    siteless = profile(*FOOTER)
    doc = build(page(*MENU, *FOOTER))
    assert choose([echo, tidings], None, doc) is tidings  # 6 blocks against 2
    assert choose([tidings, echo], None, build(page("Farms and fields", "Letters"))) is echo
    # A page whose site has no profile: only those without a site are candidates.
    assert choose([tidings, siteless, profile("Other")], "c.example", doc) is siteless
    # Fewer than two shared blocks: none.
    assert choose([tidings, echo], None, build(page("Letters"))) is None
    assert choose([], None, doc) is None
    # A tie goes to the first.
    twin = profile(*MENU, *FOOTER, site="twin.example")
    assert choose([twin, tidings], None, doc) is twin


# -- a page's site -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.Example.com/a/b?c", "example.com"),
        ("http://news.example.com.", "news.example.com"),
        ("example.com/path", "example.com"),
        ("//www.example.com", "example.com"),
        ("https://user@example.com:8080/", "example.com"),
        ("https://wwwexample.com/", "wwwexample.com"),
        ("", None),
        (None, None),
        ("/just/a/path", None),
        ("https://[::1/", None),  # not a URL
    ],
)
def test_site_of(url: str | None, site: str | None) -> None:
    assert site_of(url) == site


# -- learning is the public class's, above the data ------------------------------------------


def test_the_public_class_is_the_data_plus_learning() -> None:
    import articlekit
    from articlekit.profiles.learn import SiteProfile as Learned

    assert articlekit.SiteProfile is Learned and issubclass(Learned, SiteProfile)
    assert not hasattr(SiteProfile, "learn")  # the data class does not reach up to the pipeline
    made = profile("Letters")
    again = Learned.of(made)
    assert isinstance(again, Learned) and again.to_dict() == made.to_dict()
    assert Learned.of(again) is again
