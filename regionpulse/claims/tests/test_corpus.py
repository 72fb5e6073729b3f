"""Precision and recall on real bulletin paragraphs, each annotated by hand with its source."""

from __future__ import annotations

from regionpulse.claims.bench import HELD_OUT
from regionpulse.claims.evaluation import compatible, load_corpus, score_corpus

# Floors below the measured values (see docs/claims.md), so that a change that loses figures fails.
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.85


def test_the_corpus_holds_at_least_25_sourced_paragraphs() -> None:
    paragraphs = load_corpus()
    assert len(paragraphs) >= 25
    assert len({paragraph["source"] for paragraph in paragraphs}) >= 20
    for paragraph in paragraphs:
        assert paragraph["source"].startswith("http")
        assert paragraph["text"] and paragraph["claims"]


def test_precision_and_recall_on_the_corpus() -> None:
    score = score_corpus()
    assert score.precision >= PRECISION_FLOOR, score
    assert score.recall >= RECALL_FLOOR, score


def test_precision_and_recall_on_the_held_out_paragraphs() -> None:
    score = score_corpus(load_corpus(HELD_OUT))
    assert score.precision >= PRECISION_FLOOR, score
    assert score.recall >= RECALL_FLOOR, score


def test_the_score_falls_when_the_reader_misses_figures() -> None:
    paragraphs = load_corpus()[:3]
    for paragraph in paragraphs:
        paragraph["claims"] = paragraph["claims"] + [{"indicator": "不存在的指标", "value": 1, "unit": "个"}]
    assert score_corpus(paragraphs).recall < 1


def test_names_are_compatible_when_one_holds_the_other_or_they_share_most_pairs() -> None:
    assert compatible("到位资金", "实际到位资金")
    assert compatible("市场主体净增", "净增")
    assert not compatible("签约金额", "城镇常住居民人均可支配收入")
