"""A crawl's `.part` WARC file left by a crash, made into a finished archive file.

`extract.archive.archive_files` calls `recover_partial` on every `.part` of a source that no
live writer holds (the writer keeps an exclusive `flock` on its file): the complete records
are kept, the file is cut after the last of them and renamed to its final name, and when the
crash took the fetch log with it, a log is rebuilt from the records (each response carries
its kind in `WARC-Newsetl-Kind`), so `article_urls` still tells articles from discovery pages.
Why: the fetch state calls a URL fetched once its body is on disk; before this, such bodies
sat in `.part` files no reader opened and a re-run skipped them (11-12 of 45 articles lost
after a `kill -9`). Tested by tests/test_crash_recovery.py (SIGKILL at 10 seeded moments).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from warcio.archiveiterator import ArchiveIterator

from extract.archive import FETCH_LOG_SCHEMA, KIND_FIELD, SOURCE_FIELD, fetch_log_path, warc_date

log = logging.getLogger(__name__)


def recover_partial(part: Path) -> Path | None:
    """Finish the `.part` WARC of a crashed run: keep its complete records, rename it, and
    rebuild its fetch log from them if the crash lost it. None when a live writer holds it
    (a crawl of the same source running now) or nothing in it is complete."""
    final = part.with_name(part.name[1:].removesuffix(".part"))
    try:
        fh = open(part, "r+b")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return None  # recovered or closed meanwhile
    with fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        end, rows = _complete_records(fh, final)
        if end == 0:
            part.unlink()
            return None
        fh.truncate(end)
        fh.flush()
        os.fsync(fh.fileno())
        os.replace(part, final)
    run_id = final.name.removesuffix(".gz").removesuffix(".warc")
    log_file = fetch_log_path(final.parent.parent.parent, final.parent.name, run_id)
    tmp_log = log_file.with_name(f".{log_file.name}.tmp")
    if not log_file.is_file():
        log_file.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=FETCH_LOG_SCHEMA), tmp_log)
        os.replace(tmp_log, log_file)
    else:
        tmp_log.unlink(missing_ok=True)
    log.warning("recovered %s from a crashed run: %d response(s) kept", final, len(rows))
    return final


def _complete_records(fh, final: Path) -> tuple[int, list[dict]]:
    """Byte offset after the last complete record of a WARC being recovered, and fetch-log rows
    for its complete responses (kind from KIND_FIELD)."""
    source, run_id = final.parent.name, final.name.removesuffix(".gz").removesuffix(".warc")
    end, rows = 0, []
    fh.seek(0)
    it = ArchiveIterator(fh, check_digests=True)
    try:
        for rec in it:
            body = rec.content_stream().read() if rec.rec_type == "response" else b""
            it.read_to_end(rec)
            row = _recovered_row(rec, body, source, run_id) if rec.rec_type == "response" else None
            end = it.get_record_offset() + it.get_record_length()
            if row is not None:
                rows.append(row)
    except Exception as exc:  # noqa: BLE001 - a record cut short by the crash: stop before it
        log.info("recovering %s: stopped at byte %d: %s", final, end, exc)
    return end, rows


def _recovered_row(rec, body: bytes, source: str, run_id: str) -> dict | None:
    if rec.http_headers is None:
        return None
    h = rec.rec_headers
    code = rec.http_headers.get_statuscode()
    url = h.get_header("WARC-Target-URI")
    return {"source": h.get_header(SOURCE_FIELD) or source, "run_id": run_id, "kind": h.get_header(KIND_FIELD),
            "url": url, "final_url": url, "status": int(code) if code.isdigit() else None, "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(), "fetched_at": warc_date(h.get_header("WARC-Date")),
            "elapsed": None, "attempts": None, "not_modified": code == "304", "error_class": None,
            "error": "recovered from a crashed run"}
