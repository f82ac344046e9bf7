"""docs/sources.md's table of sources says what the registry says: one row per source file,
with its kind and whether it is enabled."""

from __future__ import annotations

import re
from pathlib import Path

from extract.sources import load_registry

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\|\s*`(?P<name>[a-z0-9_]+)`\s*\|\s*(?P<kind>[a-z]+)\s*\|[^|]*\|\s*(?P<enabled>\*\*no\*\*|yes|no)\s*\|")


def test_docs_table_matches_the_registry():
    rows = {m["name"]: (m["kind"], m["enabled"].strip("*") == "yes")
            for line in (ROOT / "docs" / "sources.md").read_text(encoding="utf-8").splitlines()
            if (m := ROW.match(line))}
    registry = {name: (src.kind, src.enabled) for name, src in load_registry(ROOT / "sources").items()}
    assert rows == registry
