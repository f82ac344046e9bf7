"""Organisation and project names: suffixes, where a name starts, and what is not a name."""

from __future__ import annotations

import pytest

from transform.enrich.mentions import extract_mentions


def _names(text: str, kind: str = "organisation") -> list[str]:
    return [m["text"] for m in extract_mentions("t", text) if m["kind"] == kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("据了解,中天盛远能源产业有限公司拟在金昌投资。", ["中天盛远能源产业有限公司"]),
        ("聚合电力工程设计(北京)股份有限公司董事长", ["聚合电力工程设计(北京)股份有限公司"]),
        ("。甘肃能化集团党委书记", ["甘肃能化集团"]),
        ("督促金昌农商行、永昌农商行签订协议", ["金昌农商行", "永昌农商行"]),
        ("。陇中农商银行提前谋划", ["陇中农商银行"]),
        ("设立全市项目谋划委员会", ["全市项目谋划委员会"]),
        ("记者从甘肃省发展和改革委员会获悉", ["甘肃省发展和改革委员会"]),
        ("记者从酒泉市工业和信息化局获悉", ["酒泉市工业和信息化局"]),
        ("县农业农村局相关负责人", ["县农业农村局"]),
        ("走进甘州区政务服务管理局政务大厅", ["甘州区政务服务管理局"]),
    ],
)
def test_suffixes(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("在甘肃金宏翔新能源电池有限公司生产车间", "甘肃金宏翔新能源电池有限公司"),
        ("市工信局和甘肃能化集团有关部门", "甘肃能化集团"),
        ("甘肃银行与兰州银行合作", "兰州银行"),
        ("走进由中铁二十一局承建的工地", "中铁二十一局"),
        ("位于开发区的甘肃赛威种业有限公司", "甘肃赛威种业有限公司"),
        ("引导酒钢公司等重点企业", "酒钢公司"),
        ("推荐东方红公司参加", "东方红公司"),
        ("促成华陇矿业集团落户", "华陇矿业集团"),
        ("副主任丁生林如是说索通发展集团依托", "索通发展集团"),
        ("项目负责人张涛介绍甘肃祁丰新能源科技有限公司的情况", "甘肃祁丰新能源科技有限公司"),
        ("希望华陇矿业集团发挥优势", "华陇矿业集团"),
        ("如金宏翔新能源公司一般", "金宏翔新能源公司"),
    ],
)
def test_leading_words_are_not_part_of_the_name(text, expected):
    assert _names(text)[-1] == expected


def test_chained_suffixes_make_one_name():
    assert _names("日前,中铁十八局集团(沙特)有限公司承建") == ["中铁十八局集团(沙特)有限公司"]
    assert _names("、金化集团公司和") == ["金化集团公司"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("促成10家银行与104家企业签约", []),
        ("该公司今年新增订单", []),
        ("根据我市典当行、小额贷款公司等的运行情况", []),
        ("和融资担保公司要规范经营", []),
        ("格局、布局和开局都很重要,开好局起好步", []),
        ("介绍了集团核心业务。集团将进一步细化", []),
        ("通过手机银行实现线上申请", []),
        ("累计撬动银行贷款6.8亿元", []),
        ("兰州银行积极践行地方银行责任担当", ["兰州银行"]),  # one name, not two
        ("县发展和改革局局长", ["县发展和改革局"]),  # the title does not extend the name
    ],
)
def test_generic_words_are_not_names(text, expected):
    assert _names(text) == expected


def test_governments_and_courts_need_a_place_before_them():
    assert _names("甘肃银行与临夏州政府签订协议") == ["甘肃银行", "临夏州政府"]
    assert _names("走进金塔县人民法院庭审现场") == ["金塔县人民法院"]
    assert _names("围绕临夏州委州政府中心工作,区委、区政府") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("投资110亿元建设嘉峪关索通低碳产业园。", ["嘉峪关索通低碳产业园"]),
        ("自嘉峪关低碳产业园项目落地以来", ["嘉峪关低碳产业园项目"]),
        ("据介绍,平山湖一号矿井开发项目是省列重点建设项目", ["平山湖一号矿井开发项目"]),
        ("在位于平山湖蒙古族乡的中船风电(张掖)新能源有限公司甘州平山湖百万千瓦风电基地30万千瓦风电项目(甘州段)现场",
         ["中船风电(张掖)新能源有限公司甘州平山湖百万千瓦风电基地30万千瓦风电项目(甘州段)"]),
        ("签订10万吨储能电池材料项目投资协议", ["10万吨储能电池材料项目"]),
        ("。远景酒泉智慧储能系统制造基地一期项目是重大项目", ["远景酒泉智慧储能系统制造基地一期项目"]),
    ],
)  # fmt: skip
def test_project_names(text, expected):
    assert _names(text, "project") == expected


@pytest.mark.parametrize(
    "text",
    [
        "扎实推进招商引资项目落地,储备项目45项",
        "32个重大产业项目集中开工",
        "签约额500万元以上项目129个",
        "为酒泉市奋力夺取一季度项目建设开门红",
        "在张掖市甘州区一处玉米制种基地",
        "“二期项目建成后,可新增企业",
        "中铁二十一局项目部选用掘进机",
        "在康县茶产业园区内",
        "兰州新区和酒泉经开区项目进展顺利",
        "印发《武威市现代农业产业园建设三年行动方案》",
        "支持积石山灾后恢复重建重点项目",
    ],
)
def test_kinds_of_project_are_not_project_names(text):
    assert _names(text, "project") == []
