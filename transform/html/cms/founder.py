"""Founder (方正) e-paper pages: how they state an article's metadata.

Founder's e-paper system (数字报, used by most provincial and city papers) writes an article's
fields twice over: in an HTML comment ``<!--enpproperty <date>2024-03-18</date><title>…</title>
<introtitle>…</introtitle><subtitle>…</subtitle><author>…</author>…/enpproperty-->`` and, on
newer templates, as custom elements ``<founder-title>``, ``<founder-author>``,
``<founder-content>`` (the body container). The comment is the editor's own entry, so it is
trusted first; the elements second.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

import lxml.etree as etree

from transform.html.dom import clean_text, element_text

_ENP = re.compile(r"<!--\s*enpproperty(.*?)/enpproperty\s*-->", re.S | re.I)
_ENP_FIELD = re.compile(r"<(\w+)>(.*?)</\1>", re.S)
TAG_PREFIX = "founder-"
CONTENT_TAG = "founder-content"  # the body container: a block like any other (dom.is_block)
_MAX_FIELD = 200  # characters: a longer <founder-*> element is content, not a field


def enp_properties(html: str) -> dict[str, str]:
    """Fields of the ``<!--enpproperty …-->`` comment, keys lowercased."""
    m = _ENP.search(html)
    if not m:
        return {}
    return {k.lower(): clean_text(htmllib.unescape(v)) for k, v in _ENP_FIELD.findall(m.group(1)) if v.strip()}


def tag_fields(root: etree._Element) -> dict[str, str]:
    """``<founder-title>``, ``<founder-subtitle>``, ``<founder-author>``, … (not the content)."""
    out: dict[str, str] = {}
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.startswith(TAG_PREFIX) and tag != CONTENT_TAG:
            text = element_text(el)
            if text and len(text) < _MAX_FIELD:
                out.setdefault(tag[len(TAG_PREFIX):], text)
    return out


@dataclass
class FounderFields:
    """An article's Founder fields: the comment's first, then the elements'."""

    enp: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, html: str, root: etree._Element) -> FounderFields:
        return cls(enp_properties(html), tag_fields(root) if TAG_PREFIX in html else {})

    def get(self, key: str) -> str | None:
        """title, subtitle, introtitle (the kicker), author, source, …"""
        return self.enp.get(key) or self.tags.get(key)

    def dates(self) -> list[str]:
        """Date values in trust order: the comment's date, its publishdate, the element's."""
        return [v for v in (self.enp.get("date"), self.enp.get("publishdate"), self.tags.get("date")) if v]

    def origin(self) -> str | None:
        """The comment's source field (来源); the elements carry none."""
        return self.enp.get("source")
