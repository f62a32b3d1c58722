"""The captions step: photo captions and credits."""

from __future__ import annotations

from articlekit.extract import captions

from . import PROSE, blocks_of, context, favour, index_of, labels, page_of, reasons, take


def test_credit_lines_in_several_languages() -> None:
    lines = (
        "Photo: Jane Doe / Reuters",
        "Foto: dpa",
        "Fotografía: EFE",
        "图片：新华社记者 李明 摄",
    )
    page = page_of(PROSE[0], *lines, language=None)
    claims = captions.step(page, context())
    assert labels(page, claims) == dict.fromkeys(lines, "caption")
    why = reasons(page, claims)
    assert why["Photo: Jane Doe / Reuters"] == "starts with 'photo'"
    assert why["Foto: dpa"] == "starts with 'foto'"
    assert why["Fotografía: EFE"] == "starts with 'fotografía'"
    assert why["图片：新华社记者 李明 摄"] == "starts with '图片'"


def test_a_caption_ending_with_a_credit_and_a_bare_credit_line() -> None:
    caption = "Firefighters battle the blaze near the harbour on Tuesday. (AP Photo/John Roe)"
    page = page_of(PROSE[0], caption, "Getty Images")
    why = reasons(page, captions.step(page, context()))
    assert why == {
        caption: "ends with a photo credit ('AP Photo/John Roe')",
        "Getty Images": "a photo credit",
    }


def test_stock_libraries_with_their_domain_and_news_agencies_are_credits() -> None:
    lines = ("TebNad/Shutterstock.com", "Thinkstock", "Anna Berg/AFP")
    page = page_of(PROSE[0], lines[0], PROSE[1], lines[1], PROSE[2], lines[2])
    why = reasons(page, captions.step(page, context()))
    assert why == dict.fromkeys(lines, "a photo credit")


def test_captions_by_position_after_an_image_marker_and_above_a_credit() -> None:
    page = page_of(
        PROSE[0],
        "Image\nRescue crews at the quay after the storm",
        "The mayor at the opening of the new ferry terminal\nReuters/Anna Berg",
    )
    claims = captions.step(page, context())
    why = reasons(page, claims)
    assert why["Rescue crews at the quay after the storm"] == "follows the image marker 'Image'"
    assert why["The mayor at the opening of the new ferry terminal"] == (
        "stands right above a photo credit"
    )
    assert why["Reuters/Anna Berg"] == "a photo credit"
    assert index_of(page, "Image") not in blocks_of(claims)  # the marker is chrome, not caption


def test_prose_about_photos_and_a_parenthesis_that_is_no_credit_are_not_captions() -> None:
    page = page_of(
        "Photographers crowded the quay as the ferry docked, hoping for a picture of the minister.",
        "The minister thanked the crew (and the harbour master) for their work.",
        # Not right under a marker: a blank line parts them.
        "Image",
        "Rescue crews worked through the night.",
    )
    assert captions.step(page, context()) == []


def test_blocks_taken_earlier_are_left_alone() -> None:
    page = page_of("Photo: Jane Doe / Reuters", "The mayor at the quay\nGetty Images")
    take(page, index_of(page, "Getty Images"), "disclaimer")
    claims = captions.step(page, context())
    # The credit is taken, so the line above it is no longer a caption by position either.
    assert reasons(page, claims) == {"Photo: Jane Doe / Reuters": "starts with 'photo'"}


def test_precision_takes_longer_captions() -> None:
    caption = "Photo: " + " ".join(PROSE)
    assert 400 < len(caption) <= 500
    assert captions.step(page_of(caption), context()) == []
    page = page_of(caption)
    [claim] = captions.step(page, favour("precision"))
    assert (claim.label, claim.reason) == ("caption", "starts with 'photo'")
