"""Garbage, empty, very long and non-Chinese input: no false claims, a clear message, and an end."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from regionpulse.claims.extract import extract
from regionpulse.claims.review import EMPTY, NOT_CHINESE, NOT_TEXT, NOTHING_FOUND, decode, read

TEN_MB = 10 * 1024 * 1024


def test_empty_text_says_so() -> None:
    for text in ("", "   \n\t"):
        reading = read(text, database=False)
        assert (reading.claims, reading.message) == ([], EMPTY)


def test_english_text_is_not_read() -> None:
    reading = read("GDP grew 6.9% to 592.48 billion yuan, 31.4% of the city total.", database=False)
    assert (reading.claims, reading.message) == ([], NOT_CHINESE)


def test_chinese_prose_without_figures_says_nothing_was_found() -> None:
    reading = read("火热夏日，激情飞扬。好的营商环境就是生产力。", database=False)
    assert (reading.claims, reading.message) == ([], NOTHING_FOUND)


def test_binary_data_is_not_text() -> None:
    assert decode(bytes(range(256)) * 10) is None
    assert decode("昆都仑区".encode("gb18030")) == "昆都仑区"
    assert NOT_TEXT


def test_random_characters_give_no_claims() -> None:
    generator = random.Random(7)  # noqa: S311 - a repeatable mixture, not a secret
    alphabet = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会" + "!@#$%^&*()abc"
    text = "".join(generator.choice(alphabet) for _ in range(200_000))
    assert extract(text) == []


def test_ten_megabytes_of_digits_finish_quickly() -> None:
    start = time.perf_counter()
    assert extract("1" * TEN_MB) == []
    assert time.perf_counter() - start < 20


def test_ten_megabytes_of_punctuation_and_numerals_finish_quickly() -> None:
    text = ("，。；、" * 100 + "一二三四五六七八九十" * 50 + "\n" * 50) * (TEN_MB // 1000)
    start = time.perf_counter()
    assert extract(text[:TEN_MB]) == []
    assert time.perf_counter() - start < 30


def test_ten_megabytes_of_bulletins_finish() -> None:
    sentence = "2022年上半年,全区地区生产总值达592.48亿元,同比增长6.9%。这是一段没有数字的说明文字,用来拉长正文。\n"
    text = sentence * (TEN_MB // len(sentence.encode("utf-8")))
    start = time.perf_counter()
    claims = extract(text)
    assert len(claims) == text.count("592.48")
    assert time.perf_counter() - start < 60


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789.,%亿万元个家项增长下降同比占全市第位首分别、，。;我区截至月底年上半"))
    )
)
def test_any_mixture_of_the_reader_s_own_words_is_read_without_failing(text: str) -> None:
    for claim in extract(text):
        assert 0 <= claim.start <= claim.end <= len(text)
        assert claim.indicator
