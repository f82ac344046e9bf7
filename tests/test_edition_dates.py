"""No invented publication dates: an undated page keeps `published_date` null and is filed by
`filed_date`; an e-paper page's edition date comes from its file or folder name or from
--edition-date, never from the file's times."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, timedelta, timezone

import pytest
from conftest import SAMPLES

from extract.local import LocalInput, read_input
from newsetl.cli import main as newsetl_main
from transform import parse_page
from transform.common.dates import edition_date_from_path


@pytest.mark.parametrize(("path", "want"), [
    ("gsrb/20240318/page01.txt", date(2024, 3, 18)),
    ("gsrb_2024-03-18_01.txt", date(2024, 3, 18)),
    ("paper/2024/03/18/01.txt", date(2024, 3, 18)),
    ("paper/2024-03/18/node_2.pdf", date(2024, 3, 18)),
    ("page_20240318.pdf", date(2024, 3, 18)),
    ("C:\\papers\\2024_03_18\\a.txt", date(2024, 3, 18)),
    ("samples/epaper_page.txt", None),
    ("id_12345678.txt", None),  # not a calendar date
    ("archive/2019/05/sub/dir/a.txt", None),  # too high up the tree to be this page's edition
    ("scans/20991231/a.txt", None),  # in the future: not an edition we can have read
    ("20240230/a.txt", None),  # no such day
])
def test_edition_date_from_path(path, want):
    found = edition_date_from_path(path)
    assert (found.date if found else None) == want


def _records(path, **kw):
    page = read_input(LocalInput(path=str(path), **kw))
    return page, parse_page(page)


def test_undated_page_keeps_published_date_empty_and_is_filed_by_its_read_day(tmp_path):
    src = next(SAMPLES.glob("epaper_*titles_after.txt"))
    plain = tmp_path / "page.txt"
    shutil.copy(src, plain)
    page, recs = _records(plain)
    assert page.edition_date is None
    assert recs and all(r["published_date"] is None for r in recs if r["date_source"] is None)
    undated = [r for r in recs if r["published_date"] is None]
    assert undated and all("date_missing" in r["flags"] for r in undated)
    china = timezone(timedelta(hours=8))
    assert all(r["filed_date"] == page.read_at.astimezone(china).date() for r in undated)
    assert all(r["filed_date"] == r["published_date"] for r in recs if r["published_date"] is not None)


def test_touch_does_not_move_a_dated_page(tmp_path):
    src = next(SAMPLES.glob("epaper_*titles_after.txt"))
    folder = tmp_path / "20240410"
    folder.mkdir()
    dated = folder / "page03.txt"
    shutil.copy(src, dated)
    _, before = _records(dated)
    os.utime(dated, (1_900_000_000, 1_900_000_000))  # 2030: a later read, a later mtime
    _, after = _records(dated)
    key = [(r["article_id"], r["published_date"], r["filed_date"], r["date_source"]) for r in before]
    assert key == [(r["article_id"], r["published_date"], r["filed_date"], r["date_source"]) for r in after]
    assert {r["date_source"] for r in before} <= {"path", "text"}
    assert all(r["published_date"] is not None for r in before)


def test_month_day_in_text_takes_the_edition_year(tmp_path):
    """A body opening with 月日 is dated in the edition's year; the others by the edition."""
    src = next(SAMPLES.glob("epaper_*titles_before.txt"))
    page = tmp_path / "page.txt"
    shutil.copy(src, page)
    _, recs = _records(page, edition_date=date(2021, 5, 9))
    by_source = {r["date_source"] for r in recs}
    assert by_source == {"option", "text"}
    for r in recs:
        if r["date_source"] == "option":
            assert r["published_date"] == date(2021, 5, 9)
        else:
            assert r["published_date"].year == 2021 and r["published_date"] <= date(2021, 5, 9)


def test_parse_option_overrides_the_file_name(tmp_path, capsys):
    src = next(SAMPLES.glob("epaper_*titles_before.txt"))
    page = tmp_path / "gsrb_2024-05-09_02.txt"
    shutil.copy(src, page)
    assert newsetl_main(["parse", str(page)]) == 0
    from_name = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["date_source"] for r in from_name} == {"path", "text"}
    assert newsetl_main(["parse", "--edition-date", "2023-05-09", str(page)]) == 0
    given = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["date_source"] for r in given} == {"option", "text"}
    assert all(r["published_date"].startswith("2023-05") for r in given)
    assert all(r["filed_date"] == r["published_date"] for r in given)


def test_bundled_samples_carry_no_read_date():
    """What `make run` stores: every sample row dated by its page, none by the clone date."""
    for path in sorted(SAMPLES.iterdir()):
        _, recs = _records(path)
        for r in recs:
            assert r["published_date"] is not None, (path.name, r["title"])
            assert r["filed_date"] == r["published_date"]
            assert r["date_source"] in {"page_meta", "text", "path", "url"}


def test_a_local_source_edition_date_stands_in_when_the_file_name_gives_none(tmp_path):
    """[local] edition_date in a registry entry: the edition of its files whose names carry no
    date; a dated file name still wins. A value that is not a date is refused by the registry."""
    from extract.sources import RegistryError, load_registry
    from flows.pages import local_pages

    pages_dir = tmp_path / "pages"
    pages_dir.mkdir()
    epaper = next(p for p in sorted(SAMPLES.glob("*.txt")) if "epaper" in p.name)
    shutil.copy(epaper, pages_dir / "page01.txt")
    shutil.copy(epaper, pages_dir / "20240318_page02.txt")
    reg = tmp_path / "reg"
    reg.mkdir()
    (reg / "county.toml").write_text(f'name = "county"\nkind = "local"\n[local]\npaths = ["{pages_dir}"]\n'
                                     'edition_date = 2024-05-08\n', encoding="utf-8")
    src = load_registry(reg)["county"]
    assert src.edition_date == date(2024, 5, 8)
    got = {p.raw.input_path.rsplit("/", 1)[-1]: (p.raw.edition_date, p.raw.edition_source)
           for p in local_pages(src).pages}
    assert got == {"page01.txt": (date(2024, 5, 8), "option"), "20240318_page02.txt": (date(2024, 3, 18), "path")}
    (reg / "county.toml").write_text(f'name = "county"\nkind = "local"\n[local]\npaths = ["{pages_dir}"]\n'
                                     'edition_date = "May 8th"\n', encoding="utf-8")
    with pytest.raises(RegistryError, match="local.edition_date"):
        load_registry(reg)
