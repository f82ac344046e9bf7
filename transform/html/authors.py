"""Who wrote an HTML page's article when its text names no one: the author strategies.

Names the text itself prints (its byline, dateline, info lines, closing attribution;
transform/html/extract.py) come first, as "body_credits". The strategies here are tried after
them, in `AUTHOR_STRATEGIES` order, most trusted first: the labelled credit lines above and after
the text (read by transform/html/metadata.py), the source's selector, the CMS's field, the meta
tags, an element the template marks as the author's above the text, and last a one-author blog's
owner, named in its frame or in its address. The first that gives names wins; its name goes to
the record's flags (`authors_by:`). On the 49 pages of the public labelled set html-dev does not
hold (docs/html.md), credited names went from 0.265 to 0.853 exact on 2026-12-04.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import lxml.etree as etree

from transform.common.fields import author_names, labelled_fields
from transform.common.names import names_in, pen_name, split_names
from transform.html.cms.founder import FounderFields
from transform.html.select import site_text
from transform.html.signals import (
    AUTHOR_META,
    author_element,
    blog_handle,
    blog_home_name,
    blog_owner,
    first_meta,
)


@dataclass
class AuthorEvidence:
    """Where an HTML page may name its authors outside the body, for the strategies below."""

    root: etree._Element
    meta: Any
    founder: FounderFields
    site: dict
    view: Callable[[str], str]
    url: str | None = None
    first: etree._Element | None = None  # the element of the text's first block
    html: str = ""
    credited: list[str] = field(default_factory=list)  # names the credit lines gave


def _strip_roles(text: str) -> str:
    return re.sub(r"记者|通讯员|作者|本报|编辑|文\s*/\s*图|[:：]", " ", text)


def _names(e: AuthorEvidence, value: str | None) -> list[str]:
    """Names in a field's value; a name spaced out character by character (赵 培) is joined."""
    if not value:
        return []
    text = _strip_roles(e.view(value))
    return names_in(text) or split_names(text) or []


def _meta_names(e: AuthorEvidence) -> list[str]:
    """Names of the first author meta tag that holds any: `author` often names the publisher
    (中文学术期刊,汉斯出版社) where dc.creator or citation_authors names the writer."""
    for key in AUTHOR_META:
        if names := _names(e, first_meta(e.meta, (key,))):
            return names
    value = first_meta(e.meta, AUTHOR_META)
    pen = pen_name(e.view(value)) if value else None
    if pen and _shown_as_author(e.html, pen) and pen not in (e.meta.get("og:site_name") or "") \
            and not _in_page_title(e.html, pen):
        return [pen]  # a pen name the page also shows as its author (a platform's author card)
    return []


# The element that shows a meta tag's pen name must mark it as a person's: a user's or author's
# card or page (class="up-name", href="//space…/"), never the outlet's link (class="source").
_PERSON_ATTR = re.compile(r"author|user|space|up[-_]?(?:name|info)|nick|writer|zuozhe|profile", re.I)
_OUTLET_ATTR = re.compile(r"source|media|from|origin|site", re.I)


def _shown_as_author(html: str, text: str) -> bool:
    """Whether the page's body shows `text` alone in an element marked as a person's."""
    body = html.find("<body")
    if text not in html[max(body, 0):]:
        return False  # (a plain search before a pattern is built for the name)
    for m in re.finditer(r"<[a-zA-Z][\w-]*(?P<attrs>[^>]*)>\s*" + re.escape(text) + r"\s*<", html[max(body, 0):]):
        if _PERSON_ATTR.search(m["attrs"]) and not _OUTLET_ATTR.search(m["attrs"]):
            return True
    return False


def _in_page_title(html: str, text: str) -> bool:
    m = re.search(r"<title[^>]*>([^<]*)</title>", html, re.I)
    return bool(m and text in m.group(1))


def _element_names(e: AuthorEvidence) -> list[str]:
    """Names of the author-marked element above the text; a handle alone counts there too
    (a forum's post author cell), as in an author field."""
    if e.first is None or not (text := author_element(e.root, e.first, e.html)):
        return []
    labelled = [author_names(value, e.view(text)) for kind, value in labelled_fields(e.view(text)) if kind == "author"]
    if labelled:
        return labelled[0]  # <div class="div_author">作者： 放飞&心情</div>
    return _names(e, text) or ([pen] if (pen := pen_name(e.view(text))) else [])


AUTHOR_STRATEGIES: tuple[tuple[str, Callable[[AuthorEvidence], list[str]]], ...] = (
    ("credit_lines", lambda e: e.credited),
    ("site_selector", lambda e: _names(e, site_text(e.root, e.site.get("author")))),
    ("cms_fields", lambda e: _names(e, e.founder.get("author"))),
    ("meta_tags", _meta_names),
    ("author_element", _element_names),
    ("blog_owner", lambda e: [owner] if (owner := blog_owner(e.html) or blog_home_name(e.root, e.url)) else []),
    ("blog_address", lambda e: [handle] if (handle := blog_handle(e.url)) else []),
)


def choose_authors(evidence: AuthorEvidence) -> tuple[list[str], str] | None:
    """(names, the name of the strategy that gave them), or None when none names anyone."""
    for name, strategy in AUTHOR_STRATEGIES:
        if names := strategy(evidence):
            return list(names), name
    return None
