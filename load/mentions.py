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
its stored row keeps its stored mention rows and derived columns (load.writer settles a
partition a slice of rows at a time, `Settler`). That reuse relies on the
invariant "a mentions partition is the extraction of its article partition", which can only
break while a write runs (each article file is swapped just before its mentions file). So a
`_PENDING` marker listing the partitions being rewritten is written before the first swap and
removed after the last; a write that finds it rebuilds the listed partitions from their bodies.
See docs/storage.md ("Mentions").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
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


def _identity(body: str | None, published: object, input_key: str | None) -> tuple:
    return (hashlib.blake2b((body or "").encode("utf-8"), digest_size=16).digest(), published, input_key)


class Settler:
    """One partition's derived columns and mention rows, built a slice of rows at a time.

    With `stored` (the partition's stored mention rows, trusted), a row read from the stored
    file keeps its derived values and mention rows, and an incoming row equal on IDENTITY to
    the stored row it replaces (see `remember`) takes that row's; every other row is extracted
    from its body. Without `stored` every row is extracted.
    """

    def __init__(self, stored: pa.Table | None = None):
        self.stored = stored
        self.replaced: dict[str, tuple[tuple, list[str] | None, float | None]] = {}
        self.kept: list[str] = []
        self.fresh: list[pa.Table] = []
        self.extracted = 0

    def remember(self, old: pa.Table) -> None:
        """Stored rows (IDENTITY and DERIVED_COLUMNS) that incoming rows with their ids replace."""
        if self.stored is None:
            return
        cols = [old[c].to_pylist() for c in ("article_id", "body", "published_date", "input_key", *DERIVED_COLUMNS)]
        for aid, body, day, key, places, investment in zip(*cols, strict=True):
            self.replaced[aid] = (_identity(body, day, key), places, investment)

    def settle(self, rows: pa.Table, from_stored: Sequence[bool]) -> pa.Table:
        """`rows` with DERIVED_COLUMNS set; their mention rows are kept for `mentions`."""
        ids = rows["article_id"].to_pylist()
        places = rows["places"].to_pylist()
        investment = rows["investment_cny"].to_pylist()
        fresh = [True] * len(ids)
        if self.stored is not None:
            bodies = days = keys = None
            for i, aid in enumerate(ids):
                if from_stored[i]:
                    fresh[i] = False
                elif aid in self.replaced:
                    if bodies is None:
                        bodies, days = rows["body"].to_pylist(), rows["published_date"].to_pylist()
                        keys = rows["input_key"].to_pylist()
                    assert days is not None and keys is not None
                    ident, p, v = self.replaced[aid]
                    if ident == _identity(bodies[i], days[i], keys[i]):
                        fresh[i], places[i], investment[i] = False, p, v
                if not fresh[i]:
                    self.kept.append(aid)
        if any(fresh):
            mentions, new_places, new_investment = extract(rows.filter(pa.array(fresh, pa.bool_())))
            self.fresh.append(mentions)
            self.extracted += len(new_places)
            extracted = iter(zip(new_places, new_investment, strict=True))
            for i in range(len(ids)):
                if fresh[i]:
                    places[i], investment[i] = next(extracted)
        for name, values in zip(DERIVED_COLUMNS, (places, investment), strict=True):
            field = ARTICLE_SCHEMA.field(name)
            rows = rows.set_column(rows.schema.get_field_index(name), field, pa.array(values, field.type))
        return rows

    def mentions(self) -> pa.Table:
        """The partition's mention rows, sorted: kept stored rows and extracted ones."""
        parts = list(self.fresh) or [MENTION_SCHEMA.empty_table()]
        if self.kept and self.stored is not None:
            keep = pc.is_in(self.stored["article_id"], value_set=pa.array(sorted(set(self.kept)), pa.string()))
            parts.insert(0, self.stored.filter(keep).select(MENTION_SCHEMA.names).cast(MENTION_SCHEMA))
        return pa.concat_tables(parts).sort_by(SORT_KEYS).combine_chunks()


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

    def settler(self, key: PartKey, reuse: bool = True) -> Settler | None:
        """The partition's Settler (None when mentions are off): it reuses the stored mentions
        when `reuse` and they can be trusted."""
        if not self.enabled:
            return None
        stored = None
        if reuse and key in self.files and key not in self.rebuild:
            stored = read_stored(self.store, key, self.files[key])
        return Settler(stored)

    def done(self, settler: Settler | None) -> pa.Table | None:
        """The settled partition's mention rows (None when mentions are off), counted."""
        if settler is None:
            return None
        self.extracted += settler.extracted
        return settler.mentions()

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
