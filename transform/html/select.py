"""The small CSS subset that per-source rules use, compiled to XPath without cssselect.

cssselect is not a runtime dependency, and source registries only need simple selectors:
``tag``, ``#id``, ``.class`` (several), ``[attr]``, ``[attr=value]``, ``[attr*=value]``,
``[attr^=value]``, descendant (space) and child (``>``) combinators, and comma lists.
Anything else raises ValueError, so a bad rule fails loudly when the registry loads it
instead of silently matching nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.etree as etree

from transform.html.dom import element_text

_SIMPLE = re.compile(
    r"(?P<tag>[a-zA-Z][\w-]*|\*)?(?P<rest>(?:#[\w-]+|\.[\w-]+|\[[\w-]+(?:[*^$]?=\s*(?:\"[^\"]*\"|'[^']*'|[^\]]+))?\])*)$"
)
_PART = re.compile(r"#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:([*^$]?=)\s*(\"[^\"]*\"|'[^']*'|[^\]]+))?\]")


def _literal(value: str) -> str:
    value = value.strip()
    if value[:1] in "\"'" and value[-1:] == value[:1]:
        value = value[1:-1]
    if "'" not in value:
        return f"'{value}'"
    return 'concat("' + '", "'.join(value.split('"')) + '")' if '"' in value else f'"{value}"'


def _compound(sel: str) -> str:
    m = _SIMPLE.match(sel)
    if not m or not sel:
        raise ValueError(f"unsupported CSS selector part: {sel!r}")
    tag = (m.group("tag") or "*").lower()
    preds = []
    for id_, cls, attr, op, val in _PART.findall(m.group("rest")):
        if id_:
            preds.append(f"@id={_literal(id_)}")
        elif cls:
            preds.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')")
        elif not op:
            preds.append(f"@{attr}")
        elif op == "=":
            preds.append(f"@{attr}={_literal(val)}")
        elif op == "*=":
            preds.append(f"contains(@{attr}, {_literal(val)})")
        elif op == "^=":
            preds.append(f"starts-with(@{attr}, {_literal(val)})")
        else:
            lit = _literal(val)
            preds.append(f"substring(@{attr}, string-length(@{attr}) - string-length({lit}) + 1)={lit}")
    return tag + "".join(f"[{p}]" for p in preds)


@lru_cache(maxsize=256)
def css_to_xpath(selector: str) -> str:
    """'div.article > p, #content' -> an XPath union over the whole document."""
    paths = []
    for group in selector.split(","):
        tokens = re.sub(r"\s*>\s*", " > ", group.strip()).split()
        if not tokens:
            raise ValueError(f"empty CSS selector in {selector!r}")
        xpath, axis = "", "//"
        for tok in tokens:
            if tok == ">":
                axis = "/"
                continue
            xpath += axis + _compound(tok)
            axis = "//"
        paths.append("." + xpath if xpath.startswith("/") else xpath)
    return " | ".join(paths)


def select(root: etree._Element, selector: str) -> list[etree._Element]:
    """Elements matching `selector` in document order; ValueError on unsupported syntax."""
    return [el for el in root.xpath(css_to_xpath(selector)) if isinstance(el, etree._Element)]


def select_first(root: etree._Element, selector: str | None) -> etree._Element | None:
    if not selector:
        return None
    found = select(root, selector)
    return found[0] if found else None


def site_text(root: etree._Element, selector: str | None) -> str | None:
    """The text of the first element a source's selector picks (a per-source title, date or
    author rule), whitespace collapsed; None without a selector or a match."""
    el = select_first(root, selector) if selector else None
    return element_text(el) if el is not None else None
