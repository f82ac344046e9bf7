import pytest

from transform.common.names import is_name, split_names


@pytest.mark.parametrize("name", ["王冠群", "张瑞", "欧阳明", "司马光辉", "綦小龙", "员建军"])
def test_names(name):
    assert is_name(name)


@pytest.mark.parametrize("phrase", ["现场", "陈华参加", "一行", "交通资讯", "王某某某", "记者"])
def test_not_names(phrase):
    assert not is_name(phrase)


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("记者 马小军 杨柳", ["马小军", "杨柳"]),
        ("本报记者王强", ["王强"]),
        ("每日某某网讯记者刘洋", ["刘洋"]),
        ("记者周一 见习记者吴二", ["周一", "吴二"]),
        ("通讯员 郑晓", ["郑晓"]),
        ("文/图 孙莉", ["孙莉"]),
        ("何平、高远", ["何平", "高远"]),
    ],
)
def test_split_names(byline, names):
    assert split_names(byline) == names


def test_split_names_refuses_sentences():
    assert split_names("项目顺利推进") is None
    assert split_names("记者从会上获悉") is None
