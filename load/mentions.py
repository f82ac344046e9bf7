"""The `mentions` dataset beside `articles`, kept in step with it one partition at a time.

Layout: ``<data>/mentions/source=<s>/year=<YYYY>/month=<M>/part-0.parquet`` (MENTION_FILE_SCHEMA,
rows sorted by MENTION_SORT_KEYS). Every article partition has its mentions partition, an empty
file when its articles mention nothing, so a missing mentions partition always means "not
computed yet" (a dataset written before mentions existed) and the next write builds it.

Why the writer computes mentions itself rather than receiving them: the mentions of a partition
must cover exactly the articles that survive there, and which rows survive (dedupe by id and by
content, replaced inputs, backfill ranges) is decided by the article merge. Extracting them from
the merged rows makes them right by construction and asks nothing new of the flows. The
extractor (transform.enrich.mentions) is a pure function of (article_id, body) with no I/O: the same kind
of body-derived data as the MinHash signatures load/dedup.py computes for reprint groups.

Cost follows the new rows, not the partition: an article whose body, date and input are those of
its stored row keeps its stored mention rows and derived columns. That reuse relies on the
invariant "a mentions partition is the extraction of its article partition", which can only
break while a write runs (each article file is swapped just before its mentions file). So a
`_PENDING` marker listing the partitions being rewritten is written before the first swap and
removed after the last; a write that finds it rebuilds the listed partitions from their bodies.
See docs/storage.md ("Mentions").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from load.mentions_schema import MENTION_FILE_SCHEMA, MENTION_SCHEMA, MENTION_SORT_KEYS, mentions_table
from load.schema import ARTICLE_SCHEMA, DERIVED_COLUMNS
from load.storage import PartKey, Store, join, list_partitions, parent, partition_path
from transform.enrich.mentions import article_rollup, mention_records

MENTIONS_DIR = "mentions"
PART_FILE = "part-0.parquet"
PENDING = "_PENDING"  # readers skip names starting with "_"; DuckDB's *.parquet glob ignores it
# `end` only breaks ties left by MENTION_SORT_KEYS, so a file's bytes depend on its rows alone.
SORT_KEYS = [*MENTION_SORT_KEYS, ("end", "ascending")]
# What an article's mention rows depend on: equal values mean its stored rows are still right.
IDENTITY = ("article_id", "body", "published_date", "input_key")
_EXTRACT_COLUMNS = ["article_id", "source", "published_date", "input_key", "body"]


def default_mentions_root(articles_root: str | Path) -> str | Path:
    """`data/articles` -> `data/mentions`."""
    return join(parent(articles_root), MENTIONS_DIR)


def extract(articles: pa.Table) -> tuple[pa.Table, list[list[str]], list[float | None]]:
    """Mention rows (MENTION_SCHEMA) of `articles`, with `places` and `investment_cny` row for row."""
    rows: list[dict] = []
    places: list[list[str]] = []
    investment: list[float | None] = []
    for rec in articles.select(_EXTRACT_COLUMNS).to_pylist():
        mine = mention_records(rec)
        derived = article_rollup(mine)
        rows += mine
        places.append(derived["places"])
        investment.append(derived["investment_cny"])
    return mentions_table(rows), places, investment


def settle(rows: pa.Table, old: pa.Table | None = None, stored: pa.Table | None = None) -> tuple[pa.Table, pa.Table, int]:
    """(`rows` with DERIVED_COLUMNS set, the partition's mention rows sorted, articles extracted).

    A row equal on IDENTITY to a row of `old` (the partition as stored) keeps that row's derived
    values and its rows in `stored` (the stored mentions partition); any other row is extracted
    from its body. Without `stored` every row is extracted.
    """
    before: dict[str, tuple] = {}
    if old is not None and stored is not None:
        for i, ident in enumerate(zip(*(old[c].to_pylist() for c in IDENTITY), strict=True)):
            before[ident[0]] = (ident, i)
    reused: dict[str, int] = {}  # article_id -> row of `old`
    for ident in zip(*(rows[c].to_pylist() for c in IDENTITY), strict=True):
        hit = before.get(ident[0])
        if hit is not None and hit[0] == ident:
            reused[ident[0]] = hit[1]
    ids = rows["article_id"].to_pylist()
    fresh_mask = pa.array([a not in reused for a in ids], pa.bool_())
    fresh_mentions, fresh_places, fresh_investment = extract(rows.filter(fresh_mask))
    parts = [fresh_mentions]
    if reused:
        assert stored is not None and old is not None
        keep = pc.is_in(stored["article_id"], value_set=pa.array(sorted(reused), pa.string()))
        parts.insert(0, stored.filter(keep).select(MENTION_SCHEMA.names).cast(MENTION_SCHEMA))
    mentions = pa.concat_tables(parts).sort_by(SORT_KEYS).combine_chunks()

    old_places = old["places"].to_pylist() if reused and old is not None else []
    old_investment = old["investment_cny"].to_pylist() if reused and old is not None else []
    fresh = iter(zip(fresh_places, fresh_investment, strict=True))
    places, investment = [], []
    for a in ids:
        p, v = (old_places[reused[a]], old_investment[reused[a]]) if a in reused else next(fresh)
        places.append(p)
        investment.append(v)
    for name, values in zip(DERIVED_COLUMNS, (places, investment), strict=True):
        field = ARTICLE_SCHEMA.field(name)
        rows = rows.set_column(rows.schema.get_field_index(name), field, pa.array(values, field.type))
    return rows, mentions, len(ids) - len(reused)


def read_stored(store: Store, key: PartKey, files: list[str]) -> pa.Table:
    """A stored mentions partition as MENTION_SCHEMA (`source` from the directory name)."""
    tables = []
    for rel in files:
        t = store.read_table(rel)
        t = t.append_column(MENTION_SCHEMA.field("source"), pa.array([key[0]] * t.num_rows, pa.string()))
        tables.append(t.select(MENTION_SCHEMA.names).cast(MENTION_SCHEMA))
    return pa.concat_tables(tables) if tables else MENTION_SCHEMA.empty_table()


def _key(item: list) -> PartKey:
    return (str(item[0]), int(item[1]), int(item[2]))


class MentionSync:
    """One write's view of the mentions dataset: what to rebuild, the marker, the files.

    `rebuild` holds the partitions whose mentions cannot be trusted or do not exist: listed in a
    marker left by an interrupted write, article partitions without mentions, and mentions
    without articles (to be removed). With `enabled` False (a write that skips enrichment) no
    mentions are computed and the partitions written are added to the marker instead, so the
    next enabled write rebuilds them.
    """

    def __init__(self, store: Store, article_partitions: Iterable[PartKey], enabled: bool = True):
        self.store = store
        self.enabled = enabled
        self.files = list_partitions(store)
        self.pending: set[PartKey] = set()
        if store.exists(PENDING):
            self.pending = {_key(item) for item in json.loads(store.get_bytes(PENDING))}
        articles = set(article_partitions)
        self.rebuild: set[PartKey] = set()
        if enabled:
            self.rebuild = self.pending | (articles - set(self.files)) | (set(self.files) - articles)
        self.extracted = 0
        self.written: list[str] = []
        self._marked = bool(self.pending)

    def begin(self, keys: Iterable[PartKey]) -> None:
        """Before the first swap: mark every partition whose mentions may fall out of step."""
        marked = self.pending | set(keys) | self.rebuild
        if marked - self.pending:
            self.store.put_bytes(PENDING, (json.dumps(sorted(marked)) + "\n").encode())
            self._marked = True

    def settle(self, key: PartKey, rows: pa.Table, old: pa.Table | None = None) -> tuple[pa.Table, pa.Table | None]:
        """`rows` with derived columns, and the partition's mentions (None when mentions are off)."""
        if not self.enabled:
            return rows, None
        stored = None
        if old is not None and key in self.files and key not in self.rebuild:
            stored = read_stored(self.store, key, self.files[key])
        rows, mentions, extracted = settle(rows, old, stored)
        self.extracted += extracted
        return rows, mentions

    def write(self, key: PartKey, mentions: pa.Table | None, has_articles: bool) -> None:
        """Replace the partition's mentions file (atomically, as article files), or remove it."""
        if mentions is None:
            return
        final = f"{partition_path(*key)}/{PART_FILE}"
        if has_articles:
            self.store.write_table(final, mentions.drop_columns(["source"]).cast(MENTION_FILE_SCHEMA))
        else:
            self.store.delete(final)
        for rel in self.files.get(key, []):
            if rel != final:
                self.store.delete(rel)
        self.written.append(partition_path(*key))

    def commit(self) -> None:
        """After the last swap: every partition is in step again, unless mentions were off."""
        if self.enabled and self._marked:
            self.store.delete(PENDING)
