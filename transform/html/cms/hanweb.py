"""Hanweb (大汉) government sites: how they state an article's metadata and list articles.

Hanweb's article template puts the headline in ``<meta name="ArticleTitle">`` — sometimes with
the subtitle as markup inside the value (``标题<div>——副标题</div>``) —, the date in
``<meta name="PubDate">`` and the outlet in ``<meta name="ContentSource">``. Its column lists
keep their items as XML records inside ``<script type="text/xml">`` with CDATA around each
anchor, so the anchors are invisible to an HTML parser until those wrappers are removed.
"""

from __future__ import annotations

import re

from transform.html.dom import strip_markup

TITLE_META = "articletitle"
DATE_META = "pubdate"
ORIGIN_META = "contentsource"
_XML_LIST = re.compile(r"<script[^>]*type\s*=\s*[\"']?text/xml[\"']?[^>]*>|<!\[CDATA\[|\]\]>|<\?xml[^>]*\?>",
                       re.I)


def split_title(article_title: str) -> tuple[str | None, str | None]:
    """(title, subtitle) of an ArticleTitle value; the subtitle is the part in markup."""
    if not article_title:
        return None, None
    title = strip_markup(article_title.split("<")[0]) or None
    subtitle = None
    if "<" in article_title:
        subtitle = strip_markup(article_title[article_title.find("<"):]).lstrip("—-－ ") or None
    return title, subtitle


def unwrap_xml_lists(text: str) -> str:
    """A list page with its ``<script type="text/xml">``/CDATA wrappers removed, so its article
    anchors parse as ordinary anchors."""
    return _XML_LIST.sub("", text)
