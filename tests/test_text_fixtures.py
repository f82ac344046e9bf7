"""What `newsetl parse` must yield on the text fixtures, the shipped samples and the seeds.

tests/fixtures/text/<name>.expected.json describes tests/fixtures/text/<name>.txt;
samples_<name>.expected.json describes samples/<name>.txt (or samples/<name>.html).
The format and the checks are those of ../shared/seeds/gold.json and
../shared/tools/check_seeds_gold.py (reimplemented here, not imported), plus one key of
our own, body_contains. Each input is one test that collects every failed check and
reports them all at once. See tests/fixtures/text/README.md.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from conftest import corpus_missing

from newsetl.cli import main as newsetl_main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "text"
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLE_PREFIX = "samples_"
SAMPLE_EXTS = (".txt", ".html")

ARTICLE_KEYS = {
    "kind",
    "title",
    "title_any_of",
    "subtitle",
    "authors",
    "authors_uncertain",
    "photographers",
    "captions",
    "caption_count",
    "body_starts",
    "body_ends",
    "body_contains",
    "note",
}
PAGE_KEYS = {
    "format",
    "script",
    "published_date",
    "published_at",
    "article_count",
    "articles",
    "must_not_contain",
    "origin",
    "clicks",
    "editors",
    "about",
}


def ws(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def expected_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.expected.json"))


def input_for(expected: Path) -> Path:
    name = expected.name.removesuffix(".expected.json")
    if name.startswith(SAMPLE_PREFIX):
        stem = name.removeprefix(SAMPLE_PREFIX)
        for ext in SAMPLE_EXTS:
            if (SAMPLES / f"{stem}{ext}").exists():
                return SAMPLES / f"{stem}{ext}"
        return SAMPLES / f"{stem}.txt"
    return FIXTURES / f"{name}.txt"


def run_parse(path: Path) -> tuple[list[dict] | None, str | None]:
    """Records that `newsetl parse PATH` prints (one JSON object a line), or why there are none.

    In-process through the CLI's own entry point (same code, same JSON; ~1 s for every case
    instead of ~50 s for a process each); tests/test_cli.py runs the console script itself.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = newsetl_main(["parse", str(path)])
    if code != 0:
        last = err.getvalue().strip().splitlines()[-1:] or [f"exit {code}"]
        return None, f"exit {code}: {last[0]}"
    records = []
    for line in out.getvalue().splitlines():
        if line.strip().startswith("{"):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                return None, f"stdout line is not JSON ({e}): {line[:80]}"
    return records, None


def check_page(expected: dict, records: list[dict]) -> list[str]:
    """Every failed check of one page, as readable lines (empty when all pass)."""
    fails: list[str] = []
    got_count = len(records)
    if got_count != expected["article_count"]:
        fails.append(f"{got_count} articles, want {expected['article_count']}")
    for ga in expected["articles"]:
        start = ws(ga["body_starts"])
        match = [r for r in records if ws(r.get("body"))[: len(start) + 40].find(start) != -1]
        label = f"[{ga['body_starts'][:12]}]"
        if not match:
            heads = [ws(r.get("body"))[:12] for r in records]
            fails.append(f"{label} no article whose body starts so (bodies start: {heads})")
            continue
        fails += [f"{label} {what}" for ok, what in _article_checks(ga, match[0]) + _page_checks(expected, match[0])
                  if not ok]
    bad = [
        s
        for s in expected.get("must_not_contain", [])
        for r in records
        if s in (r.get("body") or "")
        or s in (r.get("title") or "")
        or any(s in a for a in r.get("authors") or [])
    ]
    if bad:
        fails.append(f"forbidden strings present: {sorted(set(bad))}")
    return fails


def _article_checks(ga: dict, r: dict) -> list[tuple[object, str]]:
    """(passed, what) for the per-article expectations of one gold entry."""
    out: list[tuple[object, str]] = []
    if "title_any_of" in ga:
        out.append((ws(r.get("title")) in {ws(t) for t in ga["title_any_of"]},
                    f"title {r.get('title')!r} not in {ga['title_any_of']}"))
    else:
        out.append((ws(r.get("title")) == ws(ga.get("title")), f"title {r.get('title')!r} want {ga.get('title')!r}"))
    if ga.get("subtitle"):
        out.append((ws(ga["subtitle"]) in {ws(r.get("subtitle")), ws(r.get("kicker"))},
                    f"subtitle/kicker {r.get('subtitle')!r}/{r.get('kicker')!r} want {ga['subtitle']!r}"))
    if not ga.get("authors_uncertain"):
        out.append((set(r.get("authors") or []) == set(ga["authors"]), f"authors {r.get('authors')} want {ga['authors']}"))
    out += [(ph in (r.get("photographers") or []), f"photographer {ph} missing (got {r.get('photographers')})")
            for ph in ga.get("photographers", [])]
    body = ws(r.get("body"))
    if ga.get("body_ends"):
        out.append((body.endswith(ws(ga["body_ends"])),
                    f"body does not end with {ga['body_ends']!r} (ends {body[-20:]!r})"))
    out += [(ws(part) in body, f"body lacks {part!r}") for part in ga.get("body_contains", [])]
    captions = r.get("captions") or []
    if "caption_count" in ga:
        out.append((len(captions) == ga["caption_count"], f"{len(captions)} captions want {ga['caption_count']}"))
    out += [(any(ws(c) == ws(x) for x in captions), f"caption {c!r} missing (got {captions})")
            for c in ga.get("captions", [])]
    out.append(((r.get("kind") or "article") == ga["kind"], f"kind {r.get('kind')} want {ga['kind']}"))
    return out


def _page_checks(expected: dict, r: dict) -> list[tuple[object, str]]:
    """(passed, what) for the page-level expectations every record must meet."""
    out: list[tuple[object, str]] = []
    if expected.get("published_date"):
        out.append((str(r.get("published_date") or "")[:10] == expected["published_date"],
                    f"date {r.get('published_date')} want {expected['published_date']}"))
    out += [(r.get(key) == expected[key], f"{key} {r.get(key)!r} want {expected[key]!r}")
            for key in ("origin", "clicks", "script") if key in expected]
    if "editors" in expected:
        out.append((set(r.get("editors") or []) == set(expected["editors"]),
                    f"editors {r.get('editors')} want {expected['editors']}"))
    return out


def assert_page(path: Path, expected: dict) -> None:
    records, err = run_parse(path)
    fails = [f"parse failed: {err}"] if records is None else check_page(expected, records)
    if fails:
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        pytest.fail(f"{rel}: {len(fails)} failed check(s)\n  " + "\n  ".join(fails), pytrace=False)


@pytest.mark.parametrize(
    "expected_path", expected_files(), ids=lambda p: p.name.removesuffix(".expected.json")
)
def test_fixture(expected_path: Path) -> None:
    path = input_for(expected_path)
    assert path.exists(), f"{expected_path.name}: input {path} is missing"
    assert_page(path, json.loads(expected_path.read_text(encoding="utf-8")))


def _seed_cases() -> list:
    gold = SEEDS / "gold.json"
    if not gold.exists():
        return [None]
    return sorted(json.loads(gold.read_text(encoding="utf-8"))["seeds"])


@pytest.mark.parametrize("seed", _seed_cases())
def test_seed_gold(seed: str | None) -> None:
    if seed is None:
        corpus_missing(f"seed gold not found at {SEEDS / 'gold.json'}")
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))["seeds"]
    assert_page(SEEDS / seed, gold[seed])


def test_expected_files_are_well_formed() -> None:
    """The spec files themselves: known keys, consistent counts, an input for each, no orphans."""
    problems = []
    for exp_path in expected_files():
        name = exp_path.name
        try:
            g = json.loads(exp_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            problems.append(f"{name}: not JSON ({e})")
            continue
        if not input_for(exp_path).exists():
            problems.append(f"{name}: no input {input_for(exp_path)}")
        if unknown := set(g) - PAGE_KEYS:
            problems.append(f"{name}: unknown page keys {sorted(unknown)}")
        if g.get("script") not in ("hans", "hant"):
            problems.append(f"{name}: script {g.get('script')!r}")
        date = g.get("published_date")
        if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            problems.append(f"{name}: published_date {date!r}")
        articles = g.get("articles", [])
        if g.get("article_count") != len(articles):
            problems.append(f"{name}: article_count {g.get('article_count')} but {len(articles)} articles")
        starts = [ws(a.get("body_starts")) for a in articles]
        for i, a in enumerate(articles):
            if unknown := set(a) - ARTICLE_KEYS:
                problems.append(f"{name}[{i}]: unknown keys {sorted(unknown)}")
            if a.get("kind") not in ("article", "photo"):
                problems.append(f"{name}[{i}]: kind {a.get('kind')!r}")
            if not starts[i] or not isinstance(a.get("authors"), list):
                problems.append(f"{name}[{i}]: body_starts and authors are required")
            if ("title" in a) == ("title_any_of" in a):
                problems.append(f"{name}[{i}]: exactly one of title / title_any_of")
            if starts[i] and starts.count(starts[i]) > 1:
                problems.append(f"{name}[{i}]: body_starts {a['body_starts']!r} is not unique")
    inputs = set(FIXTURES.glob("*.txt"))
    inputs |= {p for ext in SAMPLE_EXTS for p in SAMPLES.glob(f"*{ext}")}
    described = {input_for(p) for p in expected_files()}
    if orphans := sorted(str(p.relative_to(ROOT)) for p in inputs - described):
        problems.append(f"inputs without an expected file: {orphans}")
    assert not problems, "\n".join(problems)
