"""Text inputs: normalise, detect the layout, parse, and build Article records."""

from __future__ import annotations

from transform.boilerplate import RuleSet
from transform.epaper_assemble import Draft, assemble_titles_after, assemble_titles_before, titles_after
from transform.epaper_items import block_items, line_items
from transform.layout import EPAPER_BLOCKS, EPAPER_LINES, detect_layout
from transform.normalize import normalise_text
from transform.record import Article
from transform.reflow import join_column_spaces, segment_width, tidy_spaces, width
from transform.web_text import parse_web_text

HEADING_SPLIT_MIN = 10  # a space after a longer run in a heading is a column break


def parse_text(raw: str, *, rules: RuleSet) -> list[Article]:
    n = normalise_text(raw)
    lines = n.text.split("\n")
    layout = detect_layout(lines)
    if layout == EPAPER_LINES:
        items = line_items(lines)
    elif layout == EPAPER_BLOCKS:
        items = block_items(lines)
        column = segment_width([it.text for it in items if it.kind == "body"])
        for it in items:
            if it.kind == "body":
                it.text = join_column_spaces(it.text, column)
    else:
        article = parse_web_text(n, rules)
        return [article] if article is not None else []
    drafts = assemble_titles_after(items) if titles_after(items) else assemble_titles_before(items)
    articles = [_to_article(d, layout, n.script, n.flags) for d in drafts]
    if n.script == "hant":
        for a in articles:
            a.body_original = realign(a.body, n.text, n.original)
    return articles


def heading_text(text: str) -> str:
    """Join a heading broken across column lines, keep a two-part heading's space."""
    parts = text.split()
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += ("" if width(out.split(" ")[-1]) > HEADING_SPLIT_MIN else " ") + part
    return out


def _to_article(d: Draft, layout: str, script: str, page_flags: list[str]) -> Article:
    tidy = tidy_spaces if layout == EPAPER_LINES else (lambda s: s.strip())
    body = "\n".join(tidy(p) for p in d.paragraphs if p.strip())
    return Article(
        body=body,
        title=heading_text(d.title) if d.title else None,
        subtitle=heading_text(d.subtitle) if d.subtitle else None,
        kicker=d.kicker,
        section=d.section,
        authors=d.authors,
        photographers=d.photographers,
        captions=[tidy(c) for c in d.captions],
        kind=d.kind,
        flags=[*page_flags, *d.flags, f"layout:{layout}"],
        script=script,
    )


def realign(body: str, simplified: str, original: str) -> str:
    """The original-script characters behind a Simplified body.

    The Simplified view is aligned with the original character by character, and the
    body is made of its characters in order (with whitespace changed), so each body
    character is found forward in the view and replaced by the original at that offset.
    """
    out = []
    pos = 0
    for ch in body:
        if ch.isspace():
            out.append(ch)
            continue
        j = simplified.find(ch, pos)
        if j < 0:
            j = simplified.find(ch)
        if j < 0:
            out.append(ch)
            continue
        out.append(original[j])
        pos = j + 1
    return "".join(out)
