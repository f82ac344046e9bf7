"""Reprint groups through write_articles: across partitions, sources and runs, with the index."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from conftest import make_record

from load import dedup
from load.dataset import read_articles
from load.reprints import PENDING
from load.writer import write_articles

ORIGINAL = (
    "3月4日,兰州新区在综合服务中心举办春季招聘会,共有120家企业参加,提供就业岗位3000余个。"
    "现场求职者络绎不绝,不少人当场与企业签订了意向协议。新区人社局负责人介绍,今年将继续举办系列招聘活动,"
    "帮助企业解决用工需求,同时加大对高校毕业生、退役军人和农民工等重点群体的就业服务力度。"
    "据了解,本次招聘会涉及装备制造、新材料、生物医药、现代物流等多个行业,岗位需求旺盛。"
)
# A reprint: new lead sentence, one sentence dropped, a figure changed.
REPRINT = ("本网讯 " + ORIGINAL.replace("现场求职者络绎不绝,不少人当场与企业签订了意向协议。", "")
           .replace("3000余个", "三千余个") + "(来源:甘肃日报)")
OTHER = (
    "3月5日,兰州市召开全市招商引资工作推进会,总结去年工作成效,部署今年重点任务。会议指出,"
    "要坚持把招商引资作为经济工作的生命线,聚焦主导产业精准招商,强化项目服务保障,推动签约项目早落地、早投产。"
    "会议还通报了各县区招商引资目标任务完成情况,并对下一步工作提出了明确要求。"
)


def art(aid: str, body: str, day: date, source: str = "gsrb", at: datetime | None = None,
        origin: str | None = None) -> dict:
    return make_record(article_id=aid, source=source, body=body, body_original=body, content_sha256=f"sha-{aid}",
                       input_key=f"key-{aid}", input_path=f"in/{aid}.txt", published_date=day,
                       published_at=at, origin=origin)


def groups(root) -> dict[str, tuple[str, bool]]:
    t = read_articles(root, columns=["article_id", "dup_group", "is_canonical"])
    return {a: (g, c) for a, g, c in zip(*(t[n].to_pylist() for n in t.column_names), strict=True)}


def test_signatures_separate_reprints_from_same_topic():
    a, b, c = (dedup.signature(x) for x in (ORIGINAL, REPRINT, OTHER))
    assert a.dtype == np.uint32 and a.shape == (128,)
    assert dedup.similarity(a, b) >= 0.5 > 0.1 > dedup.similarity(a, c)


def test_reprint_across_sources_months_and_runs(tmp_path):
    root = tmp_path / "articles"
    # Run 1: the reprint arrives first (another site, next month), alone in its group.
    write_articles([art("r1", REPRINT, date(2024, 4, 1), source="lzwb", origin="甘肃日报")], root)
    assert groups(root) == {"r1": ("r1", True)}
    assert (tmp_path / "_index" / dedup.INDEX_FILE).exists()
    before = (root / "source=lzwb/year=2024/month=4/part-0.parquet").read_bytes()
    # Run 2: the original (earlier) and an unrelated article; the stored reprint must be regrouped.
    result = write_articles([art("o1", ORIGINAL, date(2024, 3, 31)), art("x1", OTHER, date(2024, 3, 31))], root)
    assert groups(root) == {"o1": ("o1", True), "r1": ("o1", False), "x1": ("x1", True)}
    assert {(p.path, p.reason) for p in result.partitions} == {
        ("source=gsrb/year=2024/month=3", "load"), ("source=lzwb/year=2024/month=4", "regroup")}
    assert result.reprint_rows_regrouped == 1
    assert (root / "source=lzwb/year=2024/month=4/part-0.parquet").read_bytes() != before
    # Run 3: same inputs again: nothing changes, no regroup rewrite.
    again = write_articles([art("o1", ORIGINAL, date(2024, 3, 31)), art("x1", OTHER, date(2024, 3, 31))], root)
    assert groups(root)["r1"] == ("o1", False) and again.reprint_rows_regrouped == 0
    assert [p.reason for p in again.partitions] == ["load"]
    index = pq.read_table(tmp_path / "_index" / dedup.INDEX_FILE)
    assert sorted(index["article_id"].to_pylist()) == ["o1", "r1", "x1"]
    assert not (tmp_path / "_index" / PENDING).exists()


def test_canonical_prefers_earliest_then_origin_outlet(tmp_path):
    root = tmp_path / "articles"
    same_time = datetime(2024, 3, 4, 2, 0, tzinfo=UTC)
    # Same publication time: the site naming another outlet as origin is the reprint.
    write_articles([art("a_reprint", REPRINT, date(2024, 3, 4), source="aaa", at=same_time, origin="甘肃日报"),
                    art("z_orig", ORIGINAL, date(2024, 3, 4), source="zzz", at=same_time, origin="本报")], root)
    assert groups(root) == {"a_reprint": ("z_orig", False), "z_orig": ("z_orig", True)}
    # An earlier copy wins whatever its origin.
    write_articles([art("early", ORIGINAL + "。", date(2024, 3, 3), source="mmm", origin="某网")], root)
    assert {a: g for a, (g, _) in groups(root).items()} == {"a_reprint": "early", "z_orig": "early", "early": "early"}


def test_removed_canonical_hands_the_group_on(tmp_path):
    root = tmp_path / "articles"
    write_articles([art("o1", ORIGINAL, date(2024, 3, 1)), art("r1", REPRINT, date(2024, 3, 2), source="lzwb")], root)
    assert groups(root)["r1"] == ("o1", False)
    # The original's input is re-parsed into an article unlike the reprint: the group splits.
    changed = art("o2", OTHER, date(2024, 3, 1))
    changed["input_key"], changed["input_path"] = "key-o1", "in/o1.txt"
    write_articles([changed], root)
    assert groups(root) == {"o2": ("o2", True), "r1": ("r1", True)}


def test_short_bodies_are_never_grouped(tmp_path):
    root = tmp_path / "articles"
    write_articles([art("p1", "图片新闻", date(2024, 3, 1)), art("p2", "图片新闻", date(2024, 3, 2))], root)
    assert groups(root) == {"p1": ("p1", True), "p2": ("p2", True)}


def test_killed_write_leaves_marker_and_next_write_rebuilds(tmp_path):
    root = tmp_path / "articles"
    write_articles([art("o1", ORIGINAL, date(2024, 3, 1))], root)
    write_articles([art("r1", REPRINT, date(2024, 3, 2), source="lzwb")], root, reprints_enabled=False)
    assert groups(root)["r1"] == ("r1", True)  # grouping off: own group, index marked stale
    assert (tmp_path / "_index" / PENDING).exists()
    write_articles([art("x1", OTHER, date(2024, 3, 3))], root)  # rebuilds from bodies, repairs r1
    assert groups(root) == {"o1": ("o1", True), "r1": ("o1", False), "x1": ("x1", True)}
    assert not (tmp_path / "_index" / PENDING).exists()


def test_an_index_of_another_signature_scheme_is_rebuilt(tmp_path):
    """An index written with another scheme (the datasketch one before load.minhash) holds
    signatures that cannot be compared with new ones: the next write re-hashes the bodies."""
    root = tmp_path / "articles"
    write_articles([art("o1", ORIGINAL, date(2024, 3, 1))], root)
    path = tmp_path / "_index" / dedup.INDEX_FILE
    old = pq.read_table(path)
    scrambled = old.set_column(old.schema.get_field_index("signature"), "signature",
                               pa.FixedSizeListArray.from_arrays(pa.array(np.arange(dedup.NUM_PERM, dtype=np.uint32)),
                                                                 dedup.NUM_PERM))
    pq.write_table(scrambled.replace_schema_metadata({"signature_scheme": "crc32-affine32-128-seed1-shingle5"}), path)
    write_articles([art("r1", REPRINT, date(2024, 3, 2), source="lzwb")], root)
    assert groups(root) == {"o1": ("o1", True), "r1": ("o1", False)}
    index = pq.read_table(path)
    assert index.schema.metadata[b"signature_scheme"].decode() == dedup.SIGNATURE_SCHEME
    assert (np.asarray(index["signature"][0].values) == dedup.signature(ORIGINAL)).all()
