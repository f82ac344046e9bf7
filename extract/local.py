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

Only regular files are read: a FIFO, socket or device (or a link to one, such as /dev/zero)
is refused without being opened for reading, and so is a symlink loop. The file is opened
non-blocking and checked on the open descriptor (not on a name that could be swapped after
the check), and its size is enforced while reading, not taken from `stat`. Directory walks
do not follow links to directories, so they cannot loop. A file name that is not valid UTF-8
is stored with its odd bytes written as `\\xNN`: valid text in JSON and Parquet, and still
the way to find the file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
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
    default_edition: date | None = None  # the source's [local] edition_date: when the path names none


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
    The same file reached twice is listed once. Links to directories are not followed.
    """
    inputs: list[LocalInput] = []
    failures: list[ReadFailure] = []
    seen: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            files = _walk(p)
        elif os.path.lexists(p):  # a file, or a link read_input will refuse with its reason
            files = [p]
        else:
            failures.append(ReadFailure(str(given), source, "FileNotFoundError", "no such file or directory"))
            continue
        for f in files:
            key = Path(os.path.realpath(f))  # never raises, even on a symlink loop
            if key not in seen:
                seen.add(key)
                inputs.append(LocalInput(path=f.as_posix() if f != p else str(given), source=source,
                                         edition_date=edition_date))
    return inputs, failures


def printable_path(path: str) -> str:
    """`path` as valid UTF-8: bytes a file name holds outside UTF-8 (surrogate escapes from
    os.fsdecode) become `\\xNN`, so the name is still recognisable and JSON/Parquet accept it."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory"))


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"{kind}, not a regular file: not read"


def _read_regular(path: str, limit: int) -> tuple[bytes, os.stat_result] | tuple[str, str]:
    """(bytes, stat) of a regular file, at most `limit` + 1 bytes; else (error class, message)."""
    try:
        before = os.stat(path)  # follows links: a link to /dev/zero is a device
    except OSError as exc:  # ENOENT, ELOOP (a symlink loop), EACCES ...
        return type(exc).__name__, exc.strerror or str(exc)
    if stat.S_ISDIR(before.st_mode):
        return "IsADirectoryError", "is a directory, not a file"
    if (why := _not_regular(before.st_mode)) is not None:
        return "NotARegularFile", why
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return type(exc).__name__, exc.strerror or str(exc)
    try:
        st = os.fstat(fd)  # what was opened, not what the name pointed at a moment ago
        if (why := _not_regular(st.st_mode)) is not None:
            return "NotARegularFile", why
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), st
    except OSError as exc:
        return type(exc).__name__, exc.strerror or str(exc)
    finally:
        os.close(fd)


def read_input(item: LocalInput) -> RawPage | ReadFailure:
    """Read one regular file into a RawPage; anything else becomes a ReadFailure."""
    shown = printable_path(item.path)
    got = _read_regular(item.path, MAX_INPUT_BYTES)
    if isinstance(got[0], str):
        return ReadFailure(shown, item.source, got[0], str(got[1]))
    content, st = got
    if len(content) > MAX_INPUT_BYTES:
        return ReadFailure(shown, item.source, "InputTooLarge",
                           f"input too large: over {MAX_INPUT_BYTES} bytes (limit {MAX_INPUT_BYTES})",
                           content[:HEAD_BYTES])
    edition, edition_source = item.edition_date, "option"
    if edition is None and (found := edition_date_from_path(item.path)) is not None:
        edition, edition_source = found.date, "path"
    if edition is None and item.default_edition is not None:
        edition, edition_source = item.default_edition, "option"  # the registry's own setting
    return RawPage(
        content=content,
        input_path=shown,
        source=item.source,
        read_at=datetime.fromtimestamp(st.st_mtime, UTC),
        edition_date=edition,
        edition_source=edition_source if edition else None,
    )


def read_local(
    paths: Iterable[str | Path], source: str = DEFAULT_SOURCE, edition_date: date | None = None,
    default_edition: date | None = None,
) -> Iterator[RawPage | ReadFailure]:
    """Discover and read in one go, in deterministic order: failures first, then inputs.
    `edition_date` wins over a date in a file or folder name, `default_edition` (a source's
    `[local] edition_date`) only stands in when neither gives one."""
    inputs, failures = discover(paths, source, edition_date)
    yield from failures
    for item in inputs:
        yield read_input(replace(item, default_edition=default_edition) if default_edition else item)
