"""Each registry source parses its own saved page as expected, with its own registry options
(fundus-style: a source is a registry entry plus a saved page with expected output)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.sources import load_registry
from transform import RawPage, parse_page

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "fixtures" / "site"
NAMES = sorted(p.name for p in SITE.iterdir() if (p / "expected.json").is_file())
UNSERVABLE = {"gansu_gov"}  # a JavaScript cookie challenge: no page of it can be saved (docs/sources.md)


def test_every_fetching_source_has_a_saved_page():
    registry = load_registry(ROOT / "sources")
    fetching = {n for n, s in registry.items() if s.kind != "local"} - UNSERVABLE
    assert fetching <= set(NAMES), f"sources without tests/fixtures/site/<name>/: {sorted(fetching - set(NAMES))}"
    assert set(NAMES) <= set(registry), "a site fixture for a source the registry does not hold"


@pytest.mark.parametrize("name", NAMES)
def test_source_page(name):
    src = load_registry(ROOT / "sources")[name]
    want = json.loads((SITE / name / "expected.json").read_text(encoding="utf-8"))
    page = RawPage((ROOT / want["page"]).read_bytes(), url=want["url"], source=name)
    [rec] = parse_page(page, src.parse_options())
    assert rec["title"] == want["title"]
    assert str(rec["published_date"]) == want["published_date"] and rec["date_source"] == want["date_source"]
    assert rec["authors"] == want["authors"]
    assert rec["body"].startswith(want["body_starts"]) and rec["body"].endswith(want["body_ends"])
