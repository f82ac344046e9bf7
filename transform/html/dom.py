"""Parse a page robustly and find its main text by scoring text blocks, not templates.

The page is flattened into blocks (paragraph-sized runs of text between block-level tags
or <br>), each remembering the element that holds it. A block earns value for prose
(characters not inside links, weighted up by Chinese sentence punctuation) and costs value
when it looks like navigation (mostly link text) or labels (short, no punctuation). Every
element then scores the sum over the blocks beneath it, and the highest-scoring element is
the article container: navigation around the article lowers the score of any element
that takes it in, so the winner is the tightest element holding the bulk of the prose.
This works without per-site rules, on table layouts and <br>-separated text as well as on
<p>-per-paragraph pages.

Deep or broken trees degrade to a text-only reading of the markup instead of failing.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from functools import lru_cache

import lxml.etree as etree

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "canvas",
        "select",
        "option",
        "optgroup",
        "button",
        "textarea",
        "input",
        "template",
        "map",
        "area",
        "audio",
        "video",
        "head",
        "title",
        "link",
        "meta",
        "base",
        "marquee",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
MAX_DEPTH = 400  # deeper trees are pathological (or truncated by libxml2): read as text instead
_MARKUP = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_START = re.compile(r"<(?:!doctype|html)[\s>]", re.I)
_PREAMBLE = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<meta\b[^>]*>", re.I | re.S)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
BLOCK_COST = 10.0  # every block costs: lists of short items (menus, teasers, calendars) net out negative
_TEASER = re.compile(r"(\.\.\.|…+|\.\.)\s*$")
NOISE_TOKENS = frozenset(
    ["comment", "comments", "commentlist", "comment-list", "reply", "replies", "respond", "pinglun", "sidebar", "side", "aside", "footer", "foot", "nav", "navbar", "navigation", "menu", "breadcrumb", "crumbs", "share", "sharing", "bdshare", "bdsharebuttonbox", "related", "relate", "recommend", "tuijian", "xgxw", "ad", "ads", "advert", "advertisement", "banner", "copyright", "friendlink", "links", "sitemap", "toolbar", "pager", "pagination", "hot", "hotnews", "rank", "paihang"]
)
COMMENT_TOKENS = frozenset(["comment", "comments", "commentlist", "reply", "replies", "respond", "pinglun"])
CONTENT_TOKENS = frozenset(["content", "article", "artical", "main", "post", "entry", "zhengwen"])  # (artical: a common misspelling)
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
# Elements that hold the whole page or its main content: a class on them describes the page's
# state (<body class="u-has-nav-bar">), not a piece of furniture; only comments are still
# comments there (<article class="comment-body">).
_PAGE_TAGS = frozenset({"html", "body", "main", "article"})
PUNCT = frozenset("，。！？；：、,.!?;…“”")
# Counted with one findall: about five times faster than deleting them with str.translate
# (a per-character table lookup) on this text, and measure() runs once per block.
_PUNCT_RE = re.compile("[" + re.escape("".join(sorted(PUNCT))) + "]")
_SENTENCE_END = frozenset("。！？!?…")


@dataclass
class Block:
    """A paragraph-sized run of text and the element that holds it."""

    text: str
    link_chars: int
    owner: etree._Element
    index: int
    heading: bool = False
    chars: int = 0
    punct: int = 0
    value: float = 0.0
    noisy: bool = False  # inside an element whose class/id names comments, menus, sharing...

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


class TooDeep(Exception):
    """The tree is nested beyond MAX_DEPTH; the caller falls back to text-only reading."""


def clean_text(text: str) -> str:
    """Collapse whitespace (including ideographic and no-break spaces, the zero-width space and
    the BOM) to single spaces. str.split() splits on exactly the characters a regular
    expression's whitespace class matches (tests/test_html_extract.py checks every one), at
    about four times the speed of a substitution: this runs once per text node and block."""
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())


# libxml2 checks each attribute against the others of its element: 100,000 attributes on one
# tag took 16.7 s (measured on this machine), linear parsing of the rest took milliseconds. A
# tag longer than this keeps its name and loses its attributes before parsing.
MAX_TAG_CHARS = 8192
_LONG_TAG = re.compile(rf"<([A-Za-z][\w:-]{{0,40}})\s[^<>]{{{MAX_TAG_CHARS},}}>")


def parse_html(html: str) -> etree._Element | None:
    """lxml document or None; never raises on bad markup, and takes time linear in the page
    (see MAX_TAG_CHARS)."""
    html = _LONG_TAG.sub(r"<\1>", _CTRL.sub("", _XML_DECL.sub("", html, count=1)))
    if not html.strip():
        return None
    if (start := _HTML_START.search(html)) is not None and start.start() and html[: start.start()].strip() \
            and not _PREAMBLE.sub("", html[: start.start()]).strip():
        # Scripts printed before <!DOCTYPE>/<html> (a CMS include): libxml2 opens a <head> for
        # them and then read the whole page into it, so the page came out empty. They hold no text.
        html = html[start.start():]
    # Plain etree elements: lxml.html's element classes cost a class lookup per node. The text
    # goes in as UTF-8 bytes with that encoding named (a <meta charset> in the page cannot
    # override it): libxml2 reads its own encoding faster than lxml hands it a str (0.77 against
    # 0.97 ms a page on the html-dev pages, the encoding included).
    options = {"remove_comments": True, "remove_pis": True, "huge_tree": True, "no_network": True, "recover": True}
    try:
        data: str | bytes = html.encode("utf-8")
        parser = etree.HTMLParser(encoding="utf-8", **options)
    except UnicodeEncodeError:  # lone surrogates: the text as it is, as before
        data, parser = html, etree.HTMLParser(**options)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root if root is not None and isinstance(root.tag, str) else None


def element_text(el: etree._Element) -> str:
    """All text inside an element, whitespace collapsed."""
    return clean_text("".join(t for t in el.itertext() if isinstance(t, str)))


def strip_markup(text: str) -> str:
    """A value without the markup some templates leave in it (meta contents, CMS fields)."""
    return clean_text(_MARKUP.sub("", text))


def _tag(el: etree._Element) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def is_block(tag: str) -> bool:
    """Block-level by HTML, or a custom element (transform.html.cms.founder.CONTENT_TAG, ...):
    those are containers."""
    return tag in BLOCK_TAGS or "-" in tag


class _Linearizer:
    """The state of one walk over the tree: the open block elements, whether the text is inside
    a link, a heading or a noise-hinted element, and the text of the block being read."""

    def __init__(self, skip: set[etree._Element]):
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.stack: list[etree._Element] = []  # block elements currently open
        self.link_depth = 0
        self.heading_depth = 0
        self.noisy: list[etree._Element] = []
        self.skip = skip

    def flush(self) -> None:
        if not self.parts:  # most element boundaries close no text (0.4 of 4.1 ms a page)
            self.link_chars = 0
            return
        text = clean_text("".join(self.parts))
        if text and self.stack:
            self.blocks.append(Block(text, self.link_chars, self.stack[-1], len(self.blocks),
                                     heading=self.heading_depth > 0, noisy=bool(self.noisy)))
        self.parts.clear()
        self.link_chars = 0

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            if self.link_depth:
                self.link_chars += len(text) - sum(map(str.isspace, text))

    def start(self, el: etree._Element, tag: str) -> bool:
        """An element opens; False when its subtree is to be skipped (dropped or hidden)."""
        style = el.get("style")
        if not tag or tag in DROP_TAGS or el in self.skip or (style and _HIDDEN.search(style)):
            return False
        if tag == "br":
            self.flush()
        elif is_block(tag):
            self.flush()
            self.stack.append(el)
        self.link_depth += tag == "a"
        self.heading_depth += tag in HEADINGS
        if is_noise_hint(el) and (tag not in _PAGE_TAGS or _comment_hint(el)):
            self.noisy.append(el)
        self.add(el.text)
        return True

    def end(self, el: etree._Element, tag: str) -> None:
        if is_block(tag):
            self.flush()
            if self.stack and self.stack[-1] is el:
                self.stack.pop()
        self.link_depth -= tag == "a"
        self.heading_depth -= tag in HEADINGS
        if self.noisy and self.noisy[-1] is el:
            self.noisy.pop()


def linearize(root: etree._Element, skip: set[etree._Element] | None = None) -> list[Block]:
    """The page's text as blocks in reading order; raises TooDeep on pathological nesting."""
    lin = _Linearizer(skip or set())
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: set[etree._Element] = set()
    depth = 0
    for event, el in walker:
        tag = _tag(el)
        if event == "start":
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeep(f"nesting deeper than {MAX_DEPTH}")
            if not lin.start(el, tag):
                walker.skip_subtree()
                skipped.add(el)
            continue
        depth -= 1
        if el in skipped:
            skipped.discard(el)
        elif tag:
            lin.end(el, tag)
        lin.add(el.tail)
    lin.flush()
    for b in lin.blocks:
        measure(b)
    return lin.blocks


def is_noise_hint(el: etree._Element) -> bool:
    """class/id tokens that name page furniture (comments, menus, sharing, ads, related links).
    Classes named js-…/js_… are hooks for scripts, not descriptions: <div class="js_img_share_area"
    id="artical_real"> holds an article's text, not a sharing bar."""
    cls, eid = el.get("class"), el.get("id")
    if not cls and not eid:
        return False
    if cls and "js" in cls:
        cls = " ".join(c for c in cls.split() if not c.lower().startswith(("js-", "js_")))
    return _noisy_attrs(f"{cls or ''} {eid or ''}")


def _comment_hint(el: etree._Element) -> bool:
    tokens = set(_TOKEN_SPLIT.split(f"{el.get('class') or ''} {el.get('id') or ''}".lower()))
    return bool(tokens & COMMENT_TOKENS)


@lru_cache(maxsize=4096)
def _noisy_attrs(attrs: str) -> bool:
    """is_noise_hint on the class and id text (a page repeats the same few thousand times)."""
    if not attrs.strip():
        return False
    tokens = set(_TOKEN_SPLIT.split(attrs.lower()))
    if tokens & COMMENT_TOKENS:
        return True
    return bool(tokens & NOISE_TOKENS) and not tokens & CONTENT_TOKENS


def measure(block: Block) -> None:
    """Fill in size, punctuation and the block's value for container scoring."""
    text = block.text  # clean_text() left single spaces only
    chars = len(text) - text.count(" ")
    block.chars = chars
    block.link_chars = min(block.link_chars, chars)
    block.punct = len(_PUNCT_RE.findall(text)) if chars else 0
    prose = chars - block.link_chars
    if block.noisy:
        block.value = -0.5 * chars - BLOCK_COST
    elif block.link_density >= 0.5:
        block.value = -0.8 * chars - BLOCK_COST
    elif block.punct == 0 and chars < 20:
        block.value = -0.2 * chars - BLOCK_COST / 3  # labels and table cells: mild
    elif _TEASER.search(block.text) and chars < 120:
        block.value = -BLOCK_COST  # a cut-off snippet of another article
    else:
        density = min(1.0, block.punct * 15 / max(1, chars))
        block.value = prose * (0.4 + density) - BLOCK_COST


def score_elements(blocks: list[Block]) -> dict[etree._Element, float]:
    """Sum of block values under every element that holds at least one block."""
    scores: dict[etree._Element, float] = {}
    for b in blocks:
        if b.value == 0:
            continue
        el: etree._Element | None = b.owner
        while el is not None:
            scores[el] = scores.get(el, 0.0) + b.value
            el = el.getparent()
    return scores


def _depth(el: etree._Element) -> int:
    return sum(1 for _ in el.iterancestors())


def best_container(blocks: list[Block]) -> tuple[etree._Element | None, float]:
    """The element whose blocks are worth most, and its score; on a near tie, the deeper
    (tighter) element."""
    scores = score_elements(blocks)
    if not scores:
        return None, 0.0
    top = max(scores.values())
    if top <= 0:
        return None, top
    near = [el for el, s in scores.items() if s >= top * 0.995]
    return max(near, key=_depth), top


def best_run(blocks: list[Block]) -> tuple[float, int, int]:
    """The contiguous run of blocks (reading order) with the largest total value, as
    (score, first, last). Any element's blocks form such a run, so this is at least the best
    element score; when it is clearly higher, the article is not one element's content
    (paragraphs loose in a table cell next to comments, or a long page whose element also
    holds big link tables)."""
    best = (float("-inf"), 0, -1)
    total, start = 0.0, 0
    for i, b in enumerate(blocks):
        if total <= 0:
            total, start = 0.0, i
        total += b.value
        if total > best[0]:
            best = (total, start, i)
    return best


def common_ancestor(a: etree._Element, b: etree._Element) -> etree._Element:
    ancestors = {id(a)} | {id(x) for x in a.iterancestors()}
    if id(b) in ancestors:
        return b
    for x in b.iterancestors():
        if id(x) in ancestors:
            return x
    return b.getroottree().getroot()


def blocks_under(blocks: list[Block], container: etree._Element) -> list[Block]:
    members = set(container.iter())
    return [b for b in blocks if b.owner in members]


_TAG_RE = re.compile(r"<(script|style|noscript|textarea)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.I | re.S)
_BREAK_RE = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h\d|p|div|li|tr|h\d)\b[^>]*>", re.I)


def text_only_blocks(html: str) -> list[str]:
    """Fallback for trees lxml cannot or should not build: tags stripped, line per block,
    keeping lines that read as prose. Linear in the input, no recursion."""
    marked = _BREAK_RE.sub("\n", html)
    plain = htmllib.unescape(_TAG_RE.sub("", marked))
    lines = [clean_text(line) for line in plain.splitlines()]
    return [line for line in lines if line and (len(line) >= 10 or any(c in _SENTENCE_END for c in line))]
