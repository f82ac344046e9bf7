"""Bad text inputs end in a TransformError with a reason, quickly, never a crash."""

import time

import pytest

from transform import RawPage, TransformError, parse_page


def _error(content: bytes) -> TransformError:
    with pytest.raises(TransformError) as info:
        parse_page(RawPage(content, input_path="x.txt"))
    return info.value


def test_empty_file():
    err = _error(b"")
    assert err.stage == "read" and "empty" in err.message
    assert _error(b"  \n\n \t").stage == "read"


def test_binary_file():
    err = _error(bytes(range(256)) * 40)
    assert err.stage == "decode" and "binary" in err.message


def test_oversized_text_refused_fast():
    big = ("近日，某县召开项目推进会。" * 10).encode() * 40_000  # ~50 MB
    t = time.perf_counter()
    err = _error(big)
    assert err.stage == "read" and "too large" in err.message
    assert time.perf_counter() - t < 2


def test_invalid_utf8_in_a_file_claimed_as_utf8_is_decoded_not_garbled():
    text = b"<meta charset=utf-8>\n" + "某县新建蓄水池项目开工，总投资1.2亿元。".encode("gbk") * 5
    records = parse_page(RawPage(text, input_path="x.txt"))
    assert "蓄水池" in records[0]["body"]


def test_text_without_article_text():
    err = _error(b"----\n====\n")
    assert err.stage == "extract"
