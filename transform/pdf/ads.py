"""Advertisements on a page: the framed region a paper labels 广告, kept out of the articles.

Papers must label paid space, and they do it the same way: a small `广告` or `（广告）` set
alone in a corner of the ad, which is drawn inside a border. Without this, an ad's display
type (prices, a shop's name in 40-point type, a hotline) became headlines of articles made
of price tags: on a real city evening paper's page, two article records and a price table
(2026-12-04). The rule is geometric and exact, not a guess about what reads like an ad: the
largest drawn frame that holds the label (or has it just outside its edge), up to
MAX_AD_SHARE of the page so that a page-wide border never counts, and every block inside it
are band "ad". transform.pdf.articles skips those blocks with the page flag
`advertisement_skipped`, so nothing goes unnoticed. A label outside any frame is skipped
alone: the ad's extent is then not settled, and its text stays where the layout puts it.
"""

from __future__ import annotations

import re

from transform.pdf.shapes import BBox, TextBlock

AD_LABEL = re.compile(r"^[（(【\[〔]?\s*广\s*告\s*[）)】\]〕]?$")
MAX_AD_SHARE = 0.6  # of the page's area: half-page ads are common, a frame around the page is not an ad
LABEL_REACH = 2.0  # body sizes: a label set just outside its ad's border still names that ad


def is_ad_label(text: str) -> bool:
    """A line reading only 广告, （广告）, 【广告】..."""
    return bool(AD_LABEL.match(text.strip()))


def mark_advertisements(blocks: list[TextBlock], frames: list[BBox], body: float, page_area: float) -> None:
    """Set band "ad" on each ad label in the body and on every body block inside its ad's
    frame (see the module docstring)."""
    for label in [b for b in blocks if b.band == "body" and is_ad_label(b.text)]:
        label.band = "ad"
        holding = [f for f in frames if f.contains(label.bbox, slack=LABEL_REACH * body)
                   and f.width * f.height <= MAX_AD_SHARE * page_area]
        if not holding:
            continue
        ad = max(holding, key=lambda f: f.width * f.height)
        for b in blocks:
            if b.band == "body" and ad.contains(b.bbox, slack=2):
                b.band = "ad"
