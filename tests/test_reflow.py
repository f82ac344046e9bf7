from transform.common.reflow import ends_sentence, join_column_spaces, join_lines, tidy_spaces, width


def test_width_counts_latin_as_half():
    assert width("甘肃") == 2
    assert width("G312 线") == 3.0
    assert width("  ") == 0


def test_column_break_spaces_removed_real_space_kept():
    # lines of ~12 characters; the break inside a slogan line is a real space
    para = (
        "近日,白银市某某区围绕 新能源装备制造业开展 以\"招大引强 育链\"为 "
        "主题的招商推介活动,邀 请省内外企业代表参加 推介会并现场签约项目 一批。"
    )
    out = join_column_spaces(para)
    assert "围绕新能源" in out and "开展以" in out
    assert "招大引强 育链" in out


def test_latin_words_keep_their_space_across_a_break():
    para = "该企业生产的新型储能 设备出口至中亚五国,型号 为Energy Storage 一体化系统样机。"
    out = join_column_spaces(para, column=10)
    assert "储能设备" in out
    assert "Energy Storage" in out


def test_tidy_spaces_justified_line():
    assert tidy_spaces("源 253.2 亿 千 瓦 时 ，占 外 送") == "源253.2亿千瓦时，占外送"
    assert tidy_spaces("版本 Alpha Beta 发布") == "版本Alpha Beta发布"


def test_join_lines_joins_han_and_spaces_latin():
    assert join_lines(["本报讯 （记者王某 见习记者李", "某）日前"]) == "本报讯 （记者王某 见习记者李某）日前"
    assert join_lines(["open", "source"]) == "open source"
    assert join_lines(["2023", "年"]) == "2023年"


def test_ends_sentence():
    assert ends_sentence("工作全面完成。")
    assert ends_sentence("他说：“一定完成。”")
    assert not ends_sentence("跑出项目落地“加速度”")
    assert not ends_sentence("确保工程按期")
