"""The source registry: shipped files load, each real source's saved page yields the right
article URLs (on the real hosts, offline), and bad files fail loudly with the file name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extract.fetch import ConfigError, FetchConfig
from extract.sources import RegistryError, extract_links, load_registry, load_source
from transform.options import ParseOptions

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "fetch_site"


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT / "sources")


def test_registry_has_three_kinds_of_gansu_source_and_samples(registry):
    kinds = {s.kind for s in registry.values()}
    assert {"epaper", "listing", "local"} <= kinds
    hosts = {h for s in registry.values() for h in s.allowed_hosts}
    assert {"szb.gansudaily.com.cn", "www.lanzhou.gov.cn", "www.gzq.gov.cn"} <= hosts
    assert registry["samples"].paths == ("samples",)
    for src in registry.values():
        assert src.notes.strip(), f"{src.name}: every source says where its patterns come from"
        if not src.enabled:
            assert "enable" in src.notes.lower() or "disabled" in src.notes.lower()


def test_enabled_only(registry):
    enabled = load_registry(ROOT / "sources", include_disabled=False)
    assert set(enabled) == {n for n, s in registry.items() if s.enabled}
    assert "gansu_gov" not in enabled  # JS challenge: not crawled


def test_epaper_template_gives_the_edition_page_urls(registry):
    src = registry["gansu_daily"]
    assert src.index_url(date(2024, 3, 8), 2) == "https://szb.gansudaily.com.cn/gsrb/pc/layout/202403/08/col02.html"
    assert src.html_rules == {"body": "div#ozoom", "title": "founder-title"}
    assert src.parse_options() == ParseOptions(site_rules={"body": "div#ozoom", "title": "founder-title"})


@pytest.mark.parametrize("name, saved, real_url, articles, nxt", [
    ("gansu_daily", "gsrb/pc/layout/202403/18/col01.html",
     "https://szb.gansudaily.com.cn/gsrb/pc/layout/202403/18/col01.html",
     [("https://szb.gansudaily.com.cn/gsrb/pc/con/202403/18/c1001.html", date(2024, 3, 18)),
      ("https://szb.gansudaily.com.cn/gsrb/pc/con/202403/18/c1002.html", date(2024, 3, 18))], []),
    ("lanzhou_gov", "col/col15333/index.html", "https://www.lanzhou.gov.cn/col/col15333/index.html",
     [("https://www.lanzhou.gov.cn/art/2024/3/18/art_15333_1001.html", date(2024, 3, 18)),
      ("https://www.lanzhou.gov.cn/art/2024/3/15/art_15333_1002.html", date(2024, 3, 15)),
      ("https://www.lanzhou.gov.cn/art/2024/3/12/art_15333_1003.html", date(2024, 3, 12))], []),
    ("ganzhou_rmt", "xwzx/gzyw/index.html", "https://www.gzq.gov.cn/xwzx/gzyw/index.html",
     [("https://www.gzq.gov.cn/xwzx/gzyw/202409/t20240904_101.html", date(2024, 9, 4)),
      ("https://www.gzq.gov.cn/xwzx/gzyw/202409/t20240903_102.html", date(2024, 9, 3))],
     ["https://www.gzq.gov.cn/xwzx/gzyw/index_1.html"]),
])
def test_saved_page_parses_into_the_real_article_urls(registry, name, saved, real_url, articles, nxt):
    """Our pages modelled on each site: navigation, other editions, off-host and menu links are not articles."""
    links = extract_links(registry[name], (SITE / saved).read_bytes(), real_url, "text/html")
    assert links.articles == articles
    assert links.next == nxt


def test_gbk_listing_without_any_charset_is_read(registry):
    raw = (SITE / "xwzx/gzyw/index_1.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    links = extract_links(registry["ganzhou_rmt"], raw, "https://www.gzq.gov.cn/xwzx/gzyw/index_1.html", "text/html")
    assert [d for _, d in links.articles] == [date(2024, 8, 30), date(2024, 8, 26)]
    assert links.next == []  # the disabled "下一页" on the last page is not a link


def test_hanweb_dataproxy_page_template(registry):
    from dataclasses import replace

    src = replace(registry["lanzhou_gov"], page_size=45, page_template=(
        "https://www.lanzhou.gov.cn/module/web/jpage/dataproxy.jsp?startrecord={start}&endrecord={end}"
        "&perpage=15&columnid=15333"))
    assert src.list_page_url(2).endswith("startrecord=46&endrecord=90&perpage=15&columnid=15333")
    assert registry["lanzhou_gov"].list_page_url(2) is None


def test_with_origin_rebases_every_url(registry):
    src = registry["gansu_daily"].with_origin("http://127.0.0.1:8123")
    assert src.index_url(date(2024, 3, 18), 1) == "http://127.0.0.1:8123/gsrb/pc/layout/202403/18/col01.html"
    assert src.allowed_hosts == ("127.0.0.1:8123",)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("body, message", [
    ('kind = "ftp"\nstart_urls = ["https://a.cn/"]', "kind must be one of"),
    ('kind = "listing"', "need start_urls"),
    ('kind = "listing"\nstart_urls = ["https://a.cn/"]\n[links]\npattern = "art_(\\\\d+"', "bad regex"),
    ('kind = "listing"\nstart_urls = ["https://a.cn/"]\n[links]\nselector = "div:nth-child(2)"', "links.selector"),
    ('kind = "listing"\nstart_urls = ["https://a.cn/"]\n[extract]\nbody = "div#zoom"\nfooter = "x"', "unknown keys"),
    ('kind = "epaper"\n[epaper]\nindex_template = "https://a.cn/{yyyy}/{week}/node.html"', "bad placeholder"),
    ('kind = "local"', "need [local] paths"),
    ('kind = "listing"\nstart_urls = ["https://a.cn/"]\nhosts = ["a.cn"]', "unknown keys"),
    ('kind = "listing"\nstart_urls = ["https://a.cn/"]\n[politeness]\nrate = -1', "politeness"),
    ('kind = "listing"\nstart_urls = [', "not valid TOML"),
])
def test_bad_source_files_fail_with_file_and_reason(tmp_path, body, message):
    path = _write(tmp_path, "bad_one.toml", body)
    with pytest.raises(RegistryError) as err:
        load_source(path)
    assert message in str(err.value)
    assert "bad_one.toml" in str(err.value)


def test_hosts_default_to_the_configured_urls_and_duplicates_fail(tmp_path):
    _write(tmp_path, "a.toml", 'name = "x"\nkind = "rss"\nstart_urls = ["https://feeds.example.cn/rss.xml"]')
    _write(tmp_path, "_fetch.toml", 'contact_url = "https://example.org/"')  # not a source
    assert load_registry(tmp_path)["x"].allowed_hosts == ("feeds.example.cn",)
    _write(tmp_path, "b.toml", 'name = "x"\nkind = "rss"\nstart_urls = ["https://b.cn/rss.xml"]')
    with pytest.raises(RegistryError, match="already defined"):
        load_registry(tmp_path)


def test_fetch_config_file_env_and_contact_rule(tmp_path, monkeypatch):
    shipped = FetchConfig.load(ROOT / "sources" / "_fetch.toml")
    assert shipped.max_body_bytes == 10 * 1024 * 1024 and shipped.allow_networks == ()
    with pytest.raises(ConfigError, match="contact_url"):
        shipped.require_contact()
    monkeypatch.setenv("NEWSETL_FETCH_CONTACT_URL", "mailto:ops@example.org")
    monkeypatch.setenv("NEWSETL_FETCH_RETRIES", "5")
    cfg = FetchConfig.load(ROOT / "sources" / "_fetch.toml")
    cfg.require_contact()
    assert cfg.retries == 5 and "mailto:ops@example.org" in cfg.user_agent()
    bad = _write(tmp_path, "_fetch.toml", "retrys = 2")
    with pytest.raises(ConfigError, match="unknown fetch settings"):
        FetchConfig.load(bad)
