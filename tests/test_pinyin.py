from transform.common.normalize import normalise_text, repair_lost_spaces
from transform.common.pinyin import is_reading, strip_readings


def test_readings_removed_real_parentheses_kept():
    text = "武威(wǔ)市(shì)召開(kāi)會(huì)議(2024)，(甘肅)代表(記者王某)出席(州)"
    out, flags = strip_readings(text)
    assert out == "武威市召開會議(2024)，(甘肅)代表(記者王某)出席(州)"
    assert "pinyin_readings_removed" in flags


def test_few_readings_leave_page_alone():
    text = "型号(a)与配件(b)"
    assert strip_readings(text) == (text, [])


def test_lost_character_recovered_from_page_readings():
    text = "本報(bào)訊 張掖(yè)日(rì)?bào)社(shè)發(fā)布(bù)"
    out, flags = strip_readings(text)
    assert "日報社" in out
    assert "pinyin_char_lost" not in flags


def test_unrecoverable_reading_is_flagged():
    text = "會(huì)議(yì)開(kāi)始?zhǔn)"
    out, flags = strip_readings(text)
    assert "?" not in out and "zhǔn" not in out
    assert "pinyin_char_lost" in flags


def test_is_reading():
    assert is_reading("guān") and is_reading("lǜ") and is_reading("de")
    assert not is_reading("abc") and not is_reading("xyz") and not is_reading("州")


def test_lost_spaces():
    out, flags = repair_lost_spaces("? ? 正文開始。?攝影者\n張三?李四")
    assert "?" not in out
    assert "張三 李四" in out
    assert flags == ["lost_spaces_repaired"]
    # a page without that damage keeps its question marks
    assert repair_lost_spaces("URL a?b=1")[0] == "URL a?b=1"


def test_normalise_traditional_keeps_original_aligned():
    n = normalise_text("蘭州新區(qū)發(fā)展(zhǎn)著(zhe)")
    assert n.script == "hant"
    assert n.text == "兰州新区发展着"
    assert n.original == "蘭州新區發展著"
    assert len(n.text) == len(n.original)
