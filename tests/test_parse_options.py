"""A source's registry options reach every path the same way: `newsetl parse --source NAME`
prints what the flow stores, and `[extract] boilerplate` rules extend the shared rule set."""

from __future__ import annotations

import json

import pytest

from extract.sources import RegistryError, load_registry
from flows.pages import local_pages
from newsetl.cli import main as newsetl_main
from transform import RawPage, parse_page
from transform.options import ParseOptions

# Our own page: a web article whose site prints a slogan line under every article.
PAGE = """某县召开招商引资项目推进会
发布时间：2024-06-03 09:30
6月2日，某县召开招商引资项目推进会，通报上半年签约项目进展，部署下一阶段工作。
会议要求，各乡镇各部门要紧盯签约项目落地，做好跟踪服务。
会上，5个项目集中签约，总投资12亿元。
本站口号：山川秀美 开放包容
"""

TOML = """name = "county_x"
kind = "local"
[local]
paths = ["{folder}"]
[extract]
boilerplate = {{ slogan = "^本站口号[:：]" }}
"""


@pytest.fixture
def registry(tmp_path, monkeypatch):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(PAGE, encoding="utf-8")
    reg = tmp_path / "sources"
    reg.mkdir()
    (reg / "county_x.toml").write_text(TOML.format(folder=pages.as_posix()), encoding="utf-8")
    monkeypatch.setenv("NEWSETL_SOURCES_DIR", str(reg))
    return reg, pages / "a.txt"


def test_registry_boilerplate_becomes_parse_options(registry):
    reg, _ = registry
    src = load_registry(reg)["county_x"]
    assert src.parse_options() == ParseOptions(boilerplate=(("slogan", "^本站口号[:：]"),))
    assert src.parse_options().fingerprint() != ParseOptions().fingerprint()


def test_parse_with_source_prints_what_the_flow_stores(registry, capsys):
    reg, page = registry
    assert newsetl_main(["parse", "--source", "county_x", str(page)]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    flow_pages = local_pages(load_registry(reg)["county_x"]).pages
    stored = [r for p in flow_pages for r in p.parse()]
    assert [r["body"] for r in printed] == [r["body"] for r in stored]
    assert [r["flags"] for r in printed] == [r["flags"] for r in stored]
    assert "本站口号" not in printed[0]["body"]
    assert "boilerplate:source:slogan" in printed[0]["flags"]
    # Without the source's options the slogan stays: the option is what removed it.
    plain = parse_page(RawPage(page.read_bytes(), input_path=str(page)))
    assert "本站口号" in plain[0]["body"]


def test_bad_boilerplate_rule_names_the_file(tmp_path):
    (tmp_path / "bad.toml").write_text('name = "bad"\nkind = "local"\n[extract]\nboilerplate = { x = "(" }\n',
                                       encoding="utf-8")
    with pytest.raises(RegistryError, match="bad.toml"):
        load_registry(tmp_path)
