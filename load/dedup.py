"""Reprint groups: near-duplicate articles across partitions, sources and runs.

Regional outlets reprint each other's stories with small edits (a new lead, a dropped
paragraph, another byline), so equal content hashes miss them. Each body gets a MinHash
signature (load.minhash, 128 hash functions) over character 5-shingles of its Simplified text
with whitespace removed; two articles whose estimated Jaccard similarity is >= THRESHOLD are
linked, and a reprint group is a connected set of links. Measured on this corpus: a reprint
scores ~0.85, articles on the same topic <= 0.01, so 0.5 sits far from both.

The group id (`dup_group`) is the `article_id` of its canonical member: the earliest
published (`published_at`, else the start of `published_date` in China time), then the
original outlet over reprints (an article that names no other outlet as its `origin`), then
`source` and `article_id` so the choice never depends on load order.

Signatures are kept in a small index (`<data>/_index/minhash.parquet`) so a later run compares
new articles with everything stored without re-reading bodies; LSH bands (load.minhash.BandIndex)
find the candidates, restricted to articles published within WINDOW_DAYS of the new ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pyarrow as pa

from load.minhash import NUM_PERM, SEED, BandIndex, shingle_keys, signature_of
from transform.common.dates import SHANGHAI

SHINGLE = 5
THRESHOLD = 0.5
MIN_CHARS = 50  # shorter bodies (photo items, briefs) share too many shingles by chance: never grouped
WINDOW_DAYS = 62  # reprints appear within days; two months bounds the LSH to recent articles
INDEX_FILE = "minhash.parquet"
_SHANGHAI = SHANGHAI

INDEX_SCHEMA = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("published_date", pa.date32(), nullable=False),
    pa.field("published_at", pa.timestamp("us", tz="Asia/Shanghai")),
    pa.field("origin", pa.string()),
    pa.field("signature", pa.list_(pa.uint32(), NUM_PERM), nullable=False),
    pa.field("dup_group", pa.string()),
    pa.field("groupable", pa.bool_(), nullable=False),
])


# Changing any of these invalidates stored signatures: SIGNATURE_SCHEME is written into the
# index and a mismatch makes the next write rebuild it (from the stored bodies). Indexes written
# with the earlier "crc32-affine32-..." (datasketch) and "crc32-multshift64-..." schemes are
# rebuilt once that way.
SIGNATURE_SCHEME = f"poly64hi32-multshift64-{NUM_PERM}-seed{SEED}-shingle{SHINGLE}"
INDEX_SCHEMA = INDEX_SCHEMA.with_metadata({"signature_scheme": SIGNATURE_SCHEME})


def signature(body: str) -> np.ndarray:
    """MinHash of the body's character shingles; bodies shorter than a shingle are one shingle."""
    return signature_of(shingle_keys("".join(body.split()), SHINGLE))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash slots."""
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass
class Member:
    """One article as the index knows it: enough to group it and pick a canonical member."""

    article_id: str
    source: str
    published_date: date
    published_at: datetime | None
    origin: str | None
    signature: np.ndarray
    dup_group: str | None = None
    groupable: bool = True  # False for bodies under MIN_CHARS: indexed, never linked

    def canonical_key(self) -> tuple:
        when = self.published_at or datetime.combine(self.published_date, datetime.min.time(), _SHANGHAI)
        if when.tzinfo is None:
            when = when.replace(tzinfo=_SHANGHAI)
        return (when, 0 if is_original(self.origin, self.source) else 1, self.source, self.article_id)


def is_original(origin: str | None, source: str) -> bool:
    """An article is its outlet's own unless it names another outlet as 来源 (本报/本网 are own)."""
    if origin is None or not origin.strip():
        return True
    return origin.strip() == source or origin.strip().startswith("本")


def members_from_table(table: pa.Table) -> list[Member]:
    """Members from index rows, or from article rows (signatures then computed from `body`)."""
    cols = {name: table[name].to_pylist() for name in
            ("article_id", "source", "published_date", "published_at", "origin") if name in table.column_names}
    if "filed_date" in table.column_names:  # article rows: a member is placed by its filing day
        cols["published_date"] = [f or p for f, p in zip(table["filed_date"].to_pylist(), cols["published_date"],
                                                          strict=True)]
    if "signature" in table.column_names:
        flat = table["signature"].combine_chunks().flatten().to_numpy(zero_copy_only=False)
        signatures = list(flat.astype(np.uint32).reshape(-1, NUM_PERM))
        groupable = table["groupable"].to_pylist()
    else:
        bodies = table["body"].to_pylist()
        signatures = [signature(b) for b in bodies]
        groupable = [len("".join(b.split())) >= MIN_CHARS for b in bodies]
    groups = table["dup_group"].to_pylist() if "dup_group" in table.column_names else [None] * table.num_rows
    return [Member(aid, src, d, at, org, sig, grp, ok) for aid, src, d, at, org, sig, grp, ok in zip(
        cols["article_id"], cols["source"], cols["published_date"], cols["published_at"], cols["origin"],
        signatures, groups, groupable, strict=True)]


def members_to_table(members: Iterable[Member]) -> pa.Table:
    rows = sorted(members, key=lambda m: (m.published_date, m.article_id))
    sigs = np.stack([m.signature for m in rows]) if rows else np.empty((0, NUM_PERM), np.uint32)
    return pa.table({
        "article_id": pa.array([m.article_id for m in rows], pa.string()),
        "source": pa.array([m.source for m in rows], pa.string()),
        "published_date": pa.array([m.published_date for m in rows], pa.date32()),
        "published_at": pa.array([m.published_at for m in rows], pa.timestamp("us", tz="Asia/Shanghai")),
        "origin": pa.array([m.origin for m in rows], pa.string()),
        "signature": pa.FixedSizeListArray.from_arrays(pa.array(sigs.ravel(), pa.uint32()), NUM_PERM),
        "dup_group": pa.array([m.dup_group for m in rows], pa.string()),
        "groupable": pa.array([m.groupable for m in rows], pa.bool_()),
    }, schema=INDEX_SCHEMA)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def regroup(
    index: dict[str, Member],
    new: Sequence[Member],
    removed: Iterable[str] = (),
    threshold: float = THRESHOLD,
    window_days: int = WINDOW_DAYS,
) -> dict[str, str]:
    """Update `index` in place with `new` articles and without `removed` ones; regroup.

    Only the groups that can change are recomputed: those of new articles and their LSH
    candidates, and groups that lost or re-loaded a member (they may split or change their
    canonical member). Other stored groups are taken as they are. Returns
    {article_id: dup_group} for every member whose group id changed, new members included.
    """
    seeds, broken = _apply_changes(index, new, removed)
    if not seeds:
        return {}
    uf = _UnionFind()
    for m in index.values():  # stored groups not touched by this change stay together
        if m.dup_group is not None and m.dup_group not in broken and m.article_id not in seeds:
            uf.union(m.dup_group, m.article_id)
    _join_near_duplicates(index, seeds, uf, threshold, window_days)
    return _assign_canonicals(index, seeds, uf)


def _apply_changes(index: dict[str, Member], new: Sequence[Member], removed: Iterable[str]
                   ) -> tuple[set[str], set[str | None]]:
    """Remove and (re)insert members; return the members to regroup and the groups broken."""
    removed = list(removed)
    by_group: dict[str, list[str]] = {}
    for m in index.values():
        if m.dup_group is not None:
            by_group.setdefault(m.dup_group, []).append(m.article_id)
    broken = {index[a].dup_group for a in [*removed, *(n.article_id for n in new)] if a in index}
    for a in removed:
        index.pop(a, None)
    for n in new:
        index[n.article_id] = Member(**{**n.__dict__, "dup_group": None})
    seeds = {n.article_id for n in new}
    seeds |= {a for g in broken if g is not None for a in by_group.get(g, []) if a in index}
    return seeds, broken


def _join_near_duplicates(index: dict[str, Member], seeds: set[str], uf: _UnionFind, threshold: float,
                          window_days: int) -> None:
    """Union every seed with the members of the date window whose MinHash similarity passes."""
    seed_dates = [index[a].published_date for a in seeds]
    lo, hi = min(seed_dates) - timedelta(days=window_days), max(seed_dates) + timedelta(days=window_days)
    # Equal signatures (equal bodies) are joined directly and stand in the LSH once: a page of
    # identical items would otherwise make every query return the whole cluster.
    rep: dict[bytes, str] = {}
    lsh = BandIndex()
    for m in index.values():
        if not (m.groupable and lo <= m.published_date <= hi):
            continue
        key = m.signature.tobytes()
        if key in rep:
            uf.union(rep[key], m.article_id)
        else:
            rep[key] = m.article_id
            lsh.insert(m.article_id, m.signature)
    queried: set[bytes] = set()
    for a in sorted(seeds):
        sig = index[a].signature
        if not index[a].groupable or sig.tobytes() in queried:
            continue
        queried.add(sig.tobytes())
        for b in sorted(lsh.candidates(sig)):
            if b != a and uf.find(a) != uf.find(b) and similarity(sig, index[b].signature) >= threshold:
                uf.union(a, b)


def _assign_canonicals(index: dict[str, Member], seeds: set[str], uf: _UnionFind) -> dict[str, str]:
    """Give every member of a component that holds a seed its component's canonical id."""
    affected_roots = {uf.find(a) for a in seeds}
    components: dict[str, list[Member]] = {}
    for m in index.values():
        root = uf.find(m.article_id)
        if root in affected_roots:
            components.setdefault(root, []).append(m)
    changes: dict[str, str] = {}
    for group in components.values():
        canonical = min(group, key=Member.canonical_key).article_id
        for m in group:
            if m.dup_group != canonical:
                m.dup_group = canonical
                changes[m.article_id] = canonical
    return changes
