"""Where the dataset lives: a local directory or any fsspec URL (s3://bucket/prefix, memory://...).

Everything in load/ goes through a `Store`, which offers the few operations the writer needs
and gives each of them the strongest guarantee the backend has:

- local disk: write to a staging file beside the root, fsync, `os.replace` (atomic rename),
  fsync the directory; one writer at a time through an `flock`;
- object stores (S3): serialise the whole file (in memory, or to a local temporary file when it
  is written a slice at a time) and upload it with a single PUT (or a multipart upload that
  completes in one call): S3 makes an object visible whole or not at all, so a reader never
  sees a partial file. There is no rename and no lock: see
  docs/storage.md for what a reader can see during a multi-partition write.
"""

from __future__ import annotations

import fcntl
import io
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem


def is_local(root: str | Path) -> bool:
    return isinstance(root, Path) or "://" not in str(root) or str(root).startswith("file://")


def join(root: str | Path, *parts: str) -> str | Path:
    """Append path parts to a root given as a local path or a URL, keeping its kind."""
    if is_local(root):
        return Path(str(root).removeprefix("file://")).joinpath(*parts)
    return "/".join([str(root).rstrip("/"), *parts])


def parent(root: str | Path) -> str | Path:
    if is_local(root):
        return Path(str(root).removeprefix("file://")).parent
    return str(root).rstrip("/").rsplit("/", 1)[0]


class Store:
    """A dataset root on some filesystem; paths given to methods are relative to the root."""

    def __init__(self, root: str | Path, storage_options: dict[str, Any] | None = None):
        self.url = str(root)
        self.options = dict(storage_options or {})
        self.fs, self.root = fsspec.core.url_to_fs(self.url, **self.options)
        self.local = isinstance(self.fs, LocalFileSystem)

    # -- reading -------------------------------------------------------------------------
    def full(self, rel: str) -> str:
        return f"{self.root.rstrip('/')}/{rel}" if rel else self.root

    def exists(self, rel: str) -> bool:
        return self.fs.exists(self.full(rel))

    def refresh(self) -> None:
        """Forget cached listings: s3fs caches them, and another process may have written since."""
        if not self.local:
            self.fs.invalidate_cache()

    def glob(self, pattern: str) -> list[str]:
        """Relative paths matching `pattern`, sorted (listings always fresh)."""
        self.refresh()
        base = self.root.rstrip("/") + "/"
        return sorted(p.removeprefix(base) for p in self.fs.glob(base + pattern))

    def read_table(self, rel: str, columns: list[str] | None = None) -> pa.Table:
        # ParquetFile reads just the file: no partition columns guessed from the path.
        with self.fs.open(self.full(rel), "rb") as fh:
            return pq.ParquetFile(fh).read(columns=columns)

    def read_schema(self, rel: str) -> pa.Schema:
        with self.fs.open(self.full(rel), "rb") as fh:
            return pq.ParquetFile(fh).schema_arrow

    def get_bytes(self, rel: str) -> bytes:
        return self.fs.cat_file(self.full(rel))

    # -- writing -------------------------------------------------------------------------
    def write_table(self, rel: str, table: pa.Table) -> None:
        """Replace the file at `rel` with `table`, atomically (see the module docstring)."""
        if self.local:
            self._local_replace(rel, lambda staging: pq.write_table(table, staging))
        else:
            sink = io.BytesIO()
            pq.write_table(table, sink)
            self.fs.pipe_file(self.full(rel), sink.getvalue())

    def write_slices(self, rel: str, schema: pa.Schema, slices: Iterable[pa.Table]) -> int:
        """Replace the file at `rel` with the concatenation of `slices` (one row group each),
        atomically like write_table, holding one slice at a time; returns the rows written."""
        written = 0

        def write(target: str | Path) -> None:
            nonlocal written
            with pq.ParquetWriter(target, schema) as out:
                for piece in slices:
                    out.write_table(piece.cast(schema), row_group_size=max(1, piece.num_rows))
                    written += piece.num_rows

        if self.local:
            self._local_replace(rel, write)
        else:
            import tempfile

            with tempfile.TemporaryDirectory(prefix="newsetl-upload-") as tmp:
                staged = Path(tmp) / "part.parquet"
                write(staged)
                self.fs.put_file(str(staged), self.full(rel))
        return written

    def put_bytes(self, rel: str, data: bytes) -> None:
        if self.local:
            self._local_replace(rel, lambda staging: Path(staging).write_bytes(data))
        else:
            self.fs.pipe_file(self.full(rel), data)

    def delete(self, rel: str) -> None:
        """Remove a file and, locally, the directories it leaves empty (up to the root)."""
        path = self.full(rel)
        if not self.fs.exists(path):
            return
        self.fs.rm_file(path)
        if self.local:
            d = Path(path).parent
            while d != Path(self.root) and d.is_dir() and not any(d.iterdir()):
                d.rmdir()
                d = d.parent

    @property
    def work(self) -> Path | None:
        """Local staging area and lock, *beside* the root: DuckDB's `**` glob enters hidden dirs."""
        if not self.local:
            return None
        root = Path(self.root)
        return root.parent / f".{root.name}-work"

    def _local_replace(self, rel: str, write) -> None:
        work = self.work
        assert work is not None
        staging = work / "staging" / f"{uuid.uuid4().hex}.tmp"
        staging.parent.mkdir(parents=True, exist_ok=True)
        final = Path(self.full(rel))
        try:
            write(staging)
            with open(staging, "rb") as fh:
                os.fsync(fh.fileno())
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging, final)
        finally:
            staging.unlink(missing_ok=True)
        fd = os.open(final.parent, os.O_RDONLY)  # make the rename itself durable
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One writer per root locally (two read-merge-replace cycles would lose rows).

        Object stores get no lock: running one writer per dataset is the operator's job there.
        """
        work = self.work
        if work is None:
            yield
            return
        work.mkdir(parents=True, exist_ok=True)
        with open(work / "lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def recover(self) -> list[str]:
        """Delete what a killed write left behind: staging files, and spools whose owner is
        gone (the data is whole)."""
        work = self.work
        removed: list[str] = []
        if work is None:
            return removed
        staging, spools = work / "staging", work / SPOOL_DIR
        with self.lock():
            if staging.is_dir():
                for leftover in sorted(staging.iterdir()):
                    shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
                    removed.append(str(leftover))
            if spools.is_dir():
                with _spool_guard(spools):
                    for spool in sorted(spools.iterdir()):
                        if spool not in _HELD and _owner_gone(spool):
                            shutil.rmtree(spool, ignore_errors=True)
                            removed.append(str(spool))
        return removed

    def scratch_dir(self) -> Path:
        """A private local directory for spooling incoming rows (a run's records before its one
        write). Its owner file stays locked while this process holds it; `release_scratch`
        removes it, and a `recover` removes one whose process died."""
        import tempfile

        work = self.work
        if work is None:
            return _locked_spool(Path(tempfile.mkdtemp(prefix="newsetl-spool-")))
        spools = work / SPOOL_DIR
        spools.mkdir(parents=True, exist_ok=True)
        # A spool is visible to another process's `recover` from its mkdir on, and has no
        # owner lock until the next line: both steps happen under the spools' guard, which
        # `recover` takes too (two parallel backfill units once lost a spool in that gap).
        with _spool_guard(spools):
            return _locked_spool(Path(tempfile.mkdtemp(prefix="spool-", dir=spools)))

    @staticmethod
    def release_scratch(path: Path) -> None:
        """Remove a scratch directory made by scratch_dir."""
        owner = _HELD.pop(path, None)
        if path.parent.name == SPOOL_DIR:  # under a work folder: a `recover` may be scanning
            with _spool_guard(path.parent):
                shutil.rmtree(path, ignore_errors=True)
        else:
            shutil.rmtree(path, ignore_errors=True)
        if owner is not None:
            owner.close()


SPOOL_DIR, OWNER_FILE = "spool", "owner"
_HELD: dict[Path, Any] = {}  # scratch directories of this process -> their locked owner files


@contextmanager
def _spool_guard(spools: Path) -> Iterator[None]:
    """Exclusive between making a spool and locking its owner, and a `recover` scan: held for
    microseconds by `scratch_dir`, never while a write runs (unlike `lock`)."""
    with open(spools.with_name(SPOOL_DIR + ".guard"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _locked_spool(path: Path) -> Path:
    """Lock a new spool's owner file and remember it as this process's."""
    owner = open(path / OWNER_FILE, "w")  # noqa: SIM115 - held until release_scratch
    fcntl.flock(owner, fcntl.LOCK_EX)
    _HELD[path] = owner
    return path


def _owner_gone(spool: Path) -> bool:
    """True when no process holds the spool's owner lock (or it has no owner file)."""
    try:
        fh = open(spool / OWNER_FILE)  # noqa: SIM115
    except OSError:
        return True
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        fh.close()
    return True


PartKey = tuple[str, int, int]  # (source, year, month)


def partition_path(source: str, year: int, month: int) -> str:
    """The Hive directory of a partition, shared by the articles and mentions datasets.

    `month=5`, not `month=05` (schema v5): a zero-padded value is a string to DuckDB's Hive
    type inference (so `month = 5` silently matched nothing), Int64 to Polars and a category to
    pandas; unpadded it is an integer in every reader (tests/test_schema_evolution.py)."""
    return f"source={source}/year={year:04d}/month={month}"


def migrate_month_dirs(store: Store) -> list[str]:
    """Rename partitions written before schema v5 (`month=05`) to `month=5`; returns the new
    partition paths. Locally a directory rename, atomic for readers; on an object store each
    file is copied, then the old one deleted. Called by every article write, under its lock."""
    moved: list[str] = []
    for rel in store.glob("source=*/year=*/month=0*"):
        parts = rel.split("/")
        value = parts[2].split("=", 1)[1] if len(parts) == 3 else ""
        if not value.isdigit() or value == str(int(value)):
            continue
        new = f"{parts[0]}/{parts[1]}/month={int(value)}"
        if store.local:
            src, dst = Path(store.full(rel)), Path(store.full(new))
            if not src.is_dir():
                continue
            if not dst.exists():
                os.replace(src, dst)
            else:  # both layouts hold files (an interrupted migration): move the old ones over
                for item in src.iterdir():
                    os.replace(item, dst / item.name)
                src.rmdir()
        else:
            for key in store.glob(f"{rel}/*"):
                store.fs.copy(store.full(key), store.full(f"{new}/{key.rsplit('/', 1)[1]}"))
                store.delete(key)
        moved.append(new)
    return moved


def list_partitions(store: Store) -> dict[PartKey, list[str]]:
    """Every partition of a Hive-partitioned dataset with its Parquet files (relative paths)."""
    found: dict[PartKey, list[str]] = {}
    for rel in store.glob("source=*/year=*/month=*/*.parquet"):
        s, y, m, _ = rel.split("/", 3)
        found.setdefault((s.split("=", 1)[1], int(y.split("=", 1)[1]), int(m.split("=", 1)[1])), []).append(rel)
    return found


def open_store(root: str | Path | Store, storage_options: dict[str, Any] | None = None) -> Store:
    """`root` as a Store; a URL's credentials and endpoint go in `storage_options` (fsspec's)."""
    return root if isinstance(root, Store) else Store(root, storage_options)
