"""Article metadata from HTML: meta tags, titles, datelines, bylines.

Chinese CMSs state metadata in a few recurring ways: meta tags (article:published_time and
the Hanweb names of transform/html/cms/hanweb.py), a CMS's own fields (Founder e-papers:
transform/html/cms/founder.py), and a visible info line under
the title (``发布时间：2024-03-18 10:20  来源：甘肃日报  作者：张三``). Bylines also sit in
the body's first or last paragraph (``本报记者 张三``, ``（记者 张三 通讯员 李四）``).
This module reads those; it does not decide where the body is.
"""

from __future__ import annotations

import bisect
import html as htmllib
import json
import re
from urllib.parse import parse_qs, urlsplit

import lxml.etree as etree

from transform.common.dates import FoundDate, parse_date
from transform.common.fields import is_info_line, labelled_fields  # noqa: F401  (re-exported)
from transform.common.names import is_name, names_in  # noqa: F401  (re-exported for html_extract)
from transform.html.cms import hanweb, wechat
from transform.html.dom import clean_text, strip_markup

DATE_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "published_time",
    hanweb.DATE_META, "publishdate", "publish_date", "publishtime", "publish-date", "datepublished", "releasedate",
    "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created", "firstpublishedtime", "date",
    "weibo:article:create_at", "og:release_date", "sailthru.date", "article.published", "created", "ld:datepublished",
    "apub:time", "og:time", "pubtime", wechat.DATE_META,
)
TITLE_META = (hanweb.TITLE_META, "og:title", "twitter:title", "title", "dc.title")
AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "authors", "citation_author", "citation_authors",
               "ld:author")
ORIGIN_META = (hanweb.ORIGIN_META, "source", "og:site_name_source", "article:source", "copyfrom")
_TITLE_SPLIT = re.compile(r"\s*--+\s*|\s+[-–—|｜]\s+|\s*[_|｜]\s*|\s+-|-\s+")
def meta_tags(root: etree._Element, html: str | None = None) -> dict[str, str]:
    """name/property/itemprop/http-equiv -> content, keys lowercased; first occurrence wins.
    JSON-LD blocks are read too (`linked_data`), unless the page's source (`html`) has none, and
    a WeChat article's creation time, which only its script gives (`cms.wechat`)."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("name") or el.get("property") or el.get("itemprop") or el.get("http-equiv")
        value = el.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), clean_text(htmllib.unescape(value)))
    for el in root.iter("time"):
        if el.get("datetime") and el.get("itemprop", "").lower() in {"datepublished", "pubdate", ""}:
            found.setdefault("time:datetime", el.get("datetime").strip())
    for el in root.iter("script") if html is None or "ld+json" in html else ():
        if (el.get("type") or "").strip().lower() == "application/ld+json" and el.text:
            for key, value in linked_data(el.text).items():
                found.setdefault(key, value)
    if html is not None and (created := wechat.creation_time(html)):
        found.setdefault(wechat.DATE_META, created)
    return found


_LD_ARTICLE = ("article", "newsarticle", "blogposting", "reportagenewsarticle", "webpage", "report", "posting")


def linked_data(source: str) -> dict[str, str]:
    """The publication date and author names a JSON-LD block gives its article, keyed
    ``ld:datepublished`` / ``ld:author`` (meta-tag style, read by the same strategies). Only
    objects typed as an article or page count (a breadcrumb's or an organisation's dates do
    not); malformed JSON, which CMS templates often print, gives nothing."""
    try:
        data = json.loads(source)
    except ValueError:
        return {}
    out: dict[str, str] = {}
    stack = [data]
    while stack and len(out) < 2:
        node = stack.pop(0)
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        stack.extend(v for k, v in node.items() if k in ("@graph", "mainEntity", "mainEntityOfPage"))
        kinds = node.get("@type")
        kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
        if not any(isinstance(k, str) and k.lower() in _LD_ARTICLE for k in kinds):
            continue
        if isinstance(when := node.get("datePublished") or node.get("dateCreated"), str):
            out.setdefault("ld:datepublished", when)
        if who := _ld_names(node.get("author") or node.get("creator")):
            out.setdefault("ld:author", who)
    return out


def _ld_names(value: object) -> str:
    """author: "张三", {"name": "张三"}, [{"@type": "Person", "name": …}, …] -> '张三 李四'.
    Organisations (the site itself, often) are left out."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and str(item.get("@type", "Person")).lower() != "organization" \
                and isinstance(item.get("name"), str):
            names.append(item["name"])
    return " ".join(n.strip() for n in names if n.strip())


def clean_page_title(title: str) -> str:
    """<title> without the site/column suffix: '标题_栏目_网站' -> '标题'. The first part wins
    unless it is too short to be a headline (then the longest part)."""
    title = clean_text(title)
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p and p.strip()]
    if not parts:
        return title
    if len(parts[0]) >= 6 or len(parts) == 1:
        return parts[0]
    return max(parts, key=len)


def first_date_meta(meta: dict[str, str]) -> FoundDate | None:
    for key in (*DATE_META, "time:datetime"):
        if key in meta and (fd := parse_date(meta[key])):
            return fd
    return None


def first_meta(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = meta.get(key)
        if value and value.strip():
            return strip_markup(value)
    return None


def parse_clicks(value: str) -> int | None:
    m = re.match(r"\s*(\d[\d,]*)", value)
    return int(m.group(1).replace(",", "")) if m else None


# A one-author blog names its owner in its frame: a link or a heading "[张三]的博客", "张三的
# BLOG", a page title "标题_张三_新浪博客". The owner is the post's author when nothing closer
# credits anyone (the last author strategies). Phrases inside list items are left out
# (commenters' and recommended blogs: "〖[century]的博客〗回复: …"); a page that still names two
# owners credits none. Read from the page's source, not its tree: a search of every text node
# cost 0.5-1.5 ms on a blog page, more than the rest of its metadata.
_OWNER_TAIL = re.compile(r"的\s*(?:个人)?(?:博客|BLOG|Blog|blog|部落格)\s*(?=[\"'<])")
_OWNER_HEAD = re.compile(r"(?:title\s*=\s*[\"']|>)\s*[\[【]?(?P<who>[^\s\[\]【】<>《》()（）:：,，。、|\"'=]{2,16})[\]】]?\s*$")
_TITLE_IN_SOURCE = re.compile(r"<title[^>]*>([^<]{0,300})</title>", re.I)
_BLOG_TITLE = re.compile(r"_(?P<who>[^\s_|]{2,16})_(?:新浪|网易|搜狐|和讯|博客中国|凤凰)?博客")
_LIST_ITEM = re.compile(r"<(/?)li[\s>]", re.I)


def blog_owner(html: str) -> str | None:
    """The owner of a one-author blog page, from "[X]的博客" links and headings and its title."""
    found: set[str] = set()
    if "的" in html:
        items: list[tuple[int, bool]] | None = None
        for tail in _OWNER_TAIL.finditer(html):  # the phrase first: a literal scan, then 24 characters back
            if not (m := _OWNER_HEAD.search(html, max(0, tail.start() - 24), tail.start())):
                continue
            if items is None:
                items = [(li.start(), not li.group(1)) for li in _LIST_ITEM.finditer(html)]
            at = bisect.bisect_left(items, (m.start(), False))
            if at and items[at - 1][1]:
                continue  # inside an open <li>
            found.add(m.group("who"))
    if "博客" in html and (title := _TITLE_IN_SOURCE.search(html)) and (m := _BLOG_TITLE.search(title.group(1))):
        found.add(m.group("who"))
    return found.pop() if len(found) == 1 else None


# A blog host carries its owner's handle in the address: blog.example.com/<handle>/archive/…,
# <handle>.blog.example.com/…, or ?name=<handle> on the blog's own script. Only handles that
# are words (a letter first, no all-digit ids: blogID=1854 names nobody).
_HANDLE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{2,29}")
_HANDLE_KEYS = ("name", "user", "username", "author", "blogger", "uname")
_NOT_HANDLE = {"www", "blog", "blogs", "m", "wap", "home", "space", "archives", "archive", "article", "index"}


def blog_handle(url: str | None) -> str | None:
    """The owner's handle in a blog post's address, or None when the address is not a blog's."""
    if not url:
        return None
    parts = urlsplit(url)
    labels = (parts.hostname or "").split(".")
    at = next((i for i, label in enumerate(labels) if label.startswith("blog") or label.endswith("blogs")), None)
    if at is None:
        return None
    query = parse_qs(parts.query)
    for key in _HANDLE_KEYS:
        for value in query.get(key, []):
            if _HANDLE.fullmatch(value) and value.lower() not in _NOT_HANDLE:
                return value
    if at >= 1 and _HANDLE.fullmatch(labels[0]) and labels[0].lower() not in _NOT_HANDLE:
        return labels[0]  # <handle>.blog.163.com, <handle>.blogbus.com
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) >= 2 and _HANDLE.fullmatch(segments[0]) and segments[0].lower() not in _NOT_HANDLE:
        return segments[0]  # blog.csdn.net/<handle>/article/…, www.cnblogs.com/<handle>/p/…
    return None


def blog_home_name(root: etree._Element, url: str | None) -> str | None:
    """The owner's personal name where the blog's frame links to its home with it (the header
    <h1><a href="…/lijianzhong/">李建忠</a></h1> of a blog whose address names a handle)."""
    handle = blog_handle(url)
    if not handle:
        return None
    found = {name for a in root.iter("a")
             if (a.get("href") or "").rstrip("/").endswith("/" + handle) and is_name(name := clean_text("".join(a.itertext())))}
    return found.pop() if len(found) == 1 else None


# An element the page's template marks as the author's: <span class="author">张明</span>, a
# forum's <td class="postauthor"><cite>handle</cite>, <p class="byline">. Read only above the
# text (the same class names mark every commenter below it), first line only.
# A class or id token that is exactly an author field's name: "author-list", "hot-authors" or a
# login box's "username" are not one.
_AUTHOR_TOKENS = frozenset({"author", "postauthor", "post-author", "post_author", "writer", "byline", "zuozhe",
                            "article-author", "article_author", "news-author", "news_author"})
# Template class names built on one of them: div_author, m-from-author, author_name,
# m-from-author__name; never a list of authors or their pictures (author-list, author-face).
_AUTHOR_CLASS = re.compile(r"(?:[a-z0-9]+-{1,2}|[a-z0-9]+_{1,2})*(?:author|writer|zuozhe)(?:[-_]{1,2}name)?")
# A word every one of those tokens holds: a source without any has no such element.
_AUTHOR_STEM = re.compile(r"author|writer|byline|zuozhe", re.I)


def _marked(node: etree._Element | None) -> bool:
    """Whether a class or id token of the element is an author field's name."""
    if node is None or not isinstance(node.tag, str):
        return False
    attrs = f"{node.get('class', '')} {node.get('id', '')}".lower()
    if not _AUTHOR_STEM.search(attrs):
        return False  # (every mark holds one of the stem's words: most elements end here, without a split)
    marks = attrs.split()
    return not _AUTHOR_TOKENS.isdisjoint(marks) or any(map(_AUTHOR_CLASS.fullmatch, marks))


def is_author_marked(el: etree._Element) -> bool:
    """Whether a short block's element, its parent or an element inside it is marked as the
    author's field (a block's element is often the <div> around the <span class="author">)."""
    return any(_marked(node) for node in (el.getparent(), *el.iter()))


def author_element(root: etree._Element, stop: etree._Element, html: str | None = None) -> str | None:
    """The first line of text of the first author-marked element before `stop` (the text's
    first block), role words and all; None when there is none. With the page's source
    (`html`), a page whose source holds no author word is not walked."""
    if html is not None and not _AUTHOR_STEM.search(html):
        return None
    for el in root.iter():
        if el is stop:
            return None
        if _marked(el):
            chunks = [c for c in map(clean_text, el.itertext()) if c][:2]
            if not chunks:
                continue
            if len(chunks) == 2 and re.fullmatch(r"\S{0,6}\s*[:：]", chunks[0]):
                return f"{chunks[0]}{chunks[1]}"[:40]  # 作者：<a>handle</a>: the label and its value
            return chunks[0][:40]
    return None
