"""Text inputs (placeholder: one article per page until the layout parsers land)."""

from __future__ import annotations

from transform.boilerplate import RuleSet
from transform.normalize import normalise_text
from transform.record import Article


def parse_text(raw: str, *, rules: RuleSet) -> list[Article]:
    n = normalise_text(raw)
    body = "\n".join(line.strip() for line in n.text.splitlines() if line.strip())
    original = "\n".join(line.strip() for line in n.original.splitlines() if line.strip())
    return [Article(body=body, body_original=original, script=n.script, flags=n.flags)] if body else []
