import codecs

import pytest

from transform.common.decode import decode_bytes, normalise_label
from transform.record import TransformError

TEXT = "兰州新区精细化工园区签约12个项目，总投资额86.5亿元，涵盖电子化学品、高性能树脂等领域。"


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>新闻</title></head><body><p>{body}</p></body></html>"


def test_bom_wins_over_everything():
    raw = codecs.BOM_UTF8 + page(TEXT, '<meta charset="gbk">').encode("utf-8")
    d = decode_bytes(raw, "text/html; charset=gbk")
    assert d.how == "bom" and TEXT in d.text


def test_http_charset_is_used_and_gb_labels_mean_gb18030():
    raw = page(TEXT + "\u00a0").encode("gb18030")  # U+00A0 exists in GB18030 only
    d = decode_bytes(raw, "text/html; charset=GB2312")
    assert d.encoding == "gb18030" and d.how == "http"
    assert TEXT in d.text


def test_meta_charset_and_http_equiv():
    raw = page(TEXT, '<meta http-equiv="Content-Type" content="text/html; charset=gbk">').encode("gbk")
    d = decode_bytes(raw)
    assert (d.encoding, d.how) == ("gb18030", "meta") and TEXT in d.text


def test_wrong_declared_charset_utf8_label_on_gbk_bytes():
    raw = page(TEXT, '<meta charset="utf-8">').encode("gbk")
    d = decode_bytes(raw)
    assert TEXT in d.text and d.encoding == "gb18030"


def test_wrong_declared_charset_gbk_label_on_utf8_bytes():
    raw = page(TEXT, '<meta charset="gb2312">').encode("utf-8")
    d = decode_bytes(raw, "text/html; charset=gbk")
    assert TEXT in d.text and d.encoding == "utf-8"


def test_latin1_server_default_is_overruled_for_chinese_bytes():
    raw = page(TEXT).encode("gbk")
    d = decode_bytes(raw, "text/html; charset=ISO-8859-1")
    assert TEXT in d.text


def test_undeclared_gbk_and_big5_are_told_apart():
    gbk = decode_bytes(page(TEXT).encode("gbk"))
    assert gbk.how == "detected" and TEXT in gbk.text
    trad = "蘭州新區精細化工園區簽約十二個項目，總投資額八十六億元，這是今年以來規模最大的一次簽約活動。"
    big5 = decode_bytes(f"<html><body><p>{trad}</p></body></html>".encode("big5"))
    assert big5.encoding == "big5hkscs" and trad in big5.text


def test_a_few_broken_bytes_do_not_discard_the_label():
    raw = page(TEXT * 20, '<meta charset="gbk">').encode("gbk")
    at = raw.index(b"<p>") + 3
    raw = raw[:at] + b"\xff" + raw[at:]  # one stray byte between characters
    d = decode_bytes(raw)
    assert d.how == "meta" and d.text.count("\ufffd") == 1


def test_truncated_multibyte_tail_still_decodes():
    raw = page(TEXT * 5).encode("utf-8")[:-30]
    raw = raw[:-1] if raw[-1] < 0x80 else raw  # make sure it ends inside a character
    d = decode_bytes(raw + "兰".encode()[:2])
    assert TEXT in d.text


def test_override_beats_labels():
    raw = page(TEXT, '<meta charset="utf-8">').encode("gbk")
    assert decode_bytes(raw, override="GBK").how == "override"


@pytest.mark.parametrize("raw, stage", [(b"", "read"), (b"  \n ", "read"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "decode")])
def test_empty_and_binary_inputs_are_refused(raw, stage):
    with pytest.raises(TransformError) as err:
        decode_bytes(raw)
    assert err.value.stage == stage


@pytest.mark.parametrize("filler", [b"\xff", b"\xfe\xff"])
def test_mostly_replacement_characters_is_a_decode_error(filler):
    with pytest.raises(TransformError) as err:
        decode_bytes(b"<html><body>" + filler * 3000 + b"</body></html>")
    assert err.value.stage == "decode"


def test_random_high_bytes_are_not_passed_off_as_chinese():
    import random

    rng = random.Random(7)
    noise = bytes(rng.choice(range(0x80, 0x100)) for _ in range(4000))
    with pytest.raises(TransformError) as err:
        decode_bytes(b"<html>" + noise + b"</html>")
    assert err.value.stage == "decode"


def test_label_normalisation():
    assert normalise_label("GB2312") == "gb18030"
    assert normalise_label("x-gbk") == "gb18030"
    assert normalise_label("BIG5") == "big5hkscs"
    assert normalise_label("UTF8") == "utf-8"
    assert normalise_label("no-such-charset") is None


# -- wide encodings and pages whose encoding changes part-way ----------------------------------
WIDE_TEXT = "兰州新区今年一季度新签约项目12个，总投资86亿元。\n会议要求，各部门要加快项目建设进度。\n" * 3


@pytest.mark.parametrize("enc", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_wide_encodings_with_a_bom(enc):
    bom = {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE,
           "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[enc]
    d = decode_bytes(bom + WIDE_TEXT.encode(enc))
    assert d.text == WIDE_TEXT and d.encoding == enc and "\x00" not in d.text


@pytest.mark.parametrize("enc", ["utf-32-le", "utf-16-le", "utf-16-be"])
def test_wide_encodings_without_a_bom(enc):
    d = decode_bytes(WIDE_TEXT.encode(enc))
    assert d.text == WIDE_TEXT and d.encoding == enc


def test_utf8_page_with_a_gbk_tail_is_decoded_part_by_part():
    head, tail = WIDE_TEXT, "本报讯 记者王小明报道：白银市签约项目8个，总投资32亿元。"
    d = decode_bytes(head.encode("utf-8") + tail.encode("gbk"))
    assert d.text == head + tail and d.how == "mixed"


def test_nul_interleaved_soup_is_still_refused():
    import random

    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(4000)) + b"\x00" * 10
    with pytest.raises(TransformError):
        decode_bytes(junk)
