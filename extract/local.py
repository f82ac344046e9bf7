"""Read local inputs (files or directory trees) as RawPage objects for the transform.

Decisions that make runs reproducible:
- order: inputs in the order given; within a directory, sorted by path, so batches and
  quarantine are the same on every run;
- `input_path` is the path as given on the command line joined with the path below it,
  so the stored value does not depend on where the project is checked out;
- `read_at` is the file's modification time (UTC), the moment the page was saved: a re-run
  over unchanged files reproduces identical rows;
- an e-paper page's edition date comes from the user (`--edition-date`) or from a dated file
  or folder name (`20240318/page01.txt`, transform.common.dates.edition_date_from_path), never
  from the file's times: `touch` must not move an article to another month.
Unreadable inputs are returned as ReadFailure values, never raised, so one bad file does
not stop a run; the flow sends them to the quarantine with stage "read".
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from transform import RawPage
from transform.common.dates import edition_date_from_path
from transform.pipeline import MAX_INPUT_BYTES

SUFFIXES = frozenset({".txt", ".html", ".htm", ".pdf"})
DEFAULT_SOURCE = "local"
HEAD_BYTES = 2048


@dataclass(frozen=True)
class LocalInput:
    """A file to read and the source name its articles are stored under."""

    path: str
    source: str = DEFAULT_SOURCE
    edition_date: date | None = None  # the user's --edition-date; else read from the path


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not be read; `head` holds its first bytes when any were readable."""

    input_ref: str
    source: str
    error_class: str
    message: str
    head: bytes | None = None
    stage: str = "read"


def _is_hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def _walk(root: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d))
        found.extend(
            Path(dirpath) / f for f in filenames if not _is_hidden(f) and Path(f).suffix.lower() in SUFFIXES
        )
    return sorted(found, key=lambda p: p.as_posix())


def discover(
    paths: Iterable[str | Path], source: str = DEFAULT_SOURCE, edition_date: date | None = None
) -> tuple[list[LocalInput], list[ReadFailure]]:
    """Expand files and directories into inputs; a missing path becomes a ReadFailure.

    A file named explicitly is read whatever its suffix (the transform sniffs content);
    inside directories only SUFFIXES count and hidden or `_`-prefixed entries are skipped.
    The same file reached twice is listed once.
    """
    inputs: list[LocalInput] = []
    failures: list[ReadFailure] = []
    seen: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            files = _walk(p)
        elif p.exists():
            files = [p]
        else:
            failures.append(ReadFailure(str(given), source, "FileNotFoundError", "no such file or directory"))
            continue
        for f in files:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                inputs.append(LocalInput(path=f.as_posix() if f != p else str(given), source=source,
                                         edition_date=edition_date))
    return inputs, failures


def read_input(item: LocalInput) -> RawPage | ReadFailure:
    """Read one file into a RawPage; any OS error becomes a ReadFailure."""
    path = Path(item.path)
    try:
        st = path.stat()
        if path.is_dir():
            return ReadFailure(item.path, item.source, "IsADirectoryError", "is a directory, not a file")
        if st.st_size > MAX_INPUT_BYTES:
            with open(path, "rb") as fh:
                head = fh.read(HEAD_BYTES)
            return ReadFailure(item.path, item.source, "InputTooLarge",
                               f"input too large: {st.st_size} bytes (limit {MAX_INPUT_BYTES})", head)
        content = path.read_bytes()
    except OSError as exc:
        return ReadFailure(item.path, item.source, type(exc).__name__, exc.strerror or str(exc))
    edition, edition_source = item.edition_date, "option"
    if edition is None and (found := edition_date_from_path(item.path)) is not None:
        edition, edition_source = found.date, "path"
    return RawPage(
        content=content,
        input_path=item.path,
        source=item.source,
        read_at=datetime.fromtimestamp(st.st_mtime, UTC),
        edition_date=edition,
        edition_source=edition_source if edition else None,
    )


def read_local(
    paths: Iterable[str | Path], source: str = DEFAULT_SOURCE, edition_date: date | None = None
) -> Iterator[RawPage | ReadFailure]:
    """Discover and read in one go, in deterministic order: failures first, then inputs."""
    inputs, failures = discover(paths, source, edition_date)
    yield from failures
    for item in inputs:
        yield read_input(item)
