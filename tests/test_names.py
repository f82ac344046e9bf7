import pytest

from transform.common.names import is_name, names_in, split_names


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


# -- byline forms of Chinese news sites (issue: credited names) ---------------------------------
@pytest.mark.parametrize(("byline", "names"), [
    ("记者 张三 李四", ["张三", "李四"]),
    ("本报记者 张三 通讯员 李四", ["张三", "李四"]),
    ("甘肃日报记者张三/文", ["张三"]),
    ("文/张三", ["张三"]),
    ("文·图/张三", ["张三"]),
    ("作者：张三", ["张三"]),
    ("撰稿：王五", ["王五"]),
    ("张三 报道", ["张三"]),
    ("记者张三报道", ["张三"]),  # the list never swallows the next word
    ("（记者 张三 实习生 李四）", ["张三", "李四"]),  # 实习生 are authors too
    ("记者 把小明 达娃 帖子明", ["把小明", "达娃", "帖子明"]),  # rarer surnames
    ("新甘肃·甘肃日报记者王占东", ["王占东"]),
])
def test_byline_forms(byline, names):
    assert names_in(byline) == names
