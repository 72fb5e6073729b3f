"""The claims reader's figures for ``make bench``: precision and recall on the annotated corpus, and
how fast it reads a long text. Nothing here needs a database."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from regionpulse.claims.evaluation import CORPUS, Score, load_corpus, score_corpus
from regionpulse.claims.extract import extract

HELD_OUT = CORPUS.with_name("heldout.json")
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "seed-article.txt"
SPEED_TARGET_MB_S = 1.0
LONG_TEXT_BYTES = 10 * 1024 * 1024


def long_text(size: int = LONG_TEXT_BYTES, article: bool = False) -> str:
    """About ``size`` bytes (UTF-8): the reference article (a whole news page, prose and figures) or
    the corpus paragraphs (statistics only, a figure every 20 characters), repeated."""
    if article and SEED.exists():
        block = SEED.read_text(encoding="utf-8")
    else:
        block = "\n".join(paragraph["text"] for paragraph in load_corpus() + load_corpus(HELD_OUT)) + "\n"
    copies = max(1, size // len(block.encode("utf-8")))
    return block * copies


def _speed(label: str, text: str) -> dict[str, Any]:
    megabytes = len(text.encode("utf-8")) / (1024 * 1024)
    start = time.perf_counter()
    claims = extract(text)
    seconds = time.perf_counter() - start
    name = f"claims extraction speed, {label} ({megabytes:.1f} MB, {len(claims):,} claims)"
    return _row(name, megabytes / seconds, "MB/s", SPEED_TARGET_MB_S)


def _row(name: str, value: float, unit: str, baseline: float | None) -> dict[str, Any]:
    ratio = round(value / baseline, 2) if baseline else None
    return {
        "name": name,
        "value": round(value, 3),
        "unit": unit,
        "baseline": baseline,
        "ratio": ratio,
        "database": "none",
    }


def _quality_rows(label: str, score: Score) -> list[dict[str, Any]]:
    return [
        _row(f"claims precision, {label} ({score.found} figures found)", score.precision, "ratio", None),
        _row(f"claims recall, {label} ({score.expected} figures annotated)", score.recall, "ratio", None),
    ]


def measure() -> list[dict[str, Any]]:
    """Rows of {name, value, unit, baseline, ratio, database} for the bench table."""
    paragraphs = load_corpus()
    held_out = load_corpus(HELD_OUT)
    rows = _quality_rows(f"{len(paragraphs)} corpus paragraphs", score_corpus(paragraphs))
    rows += _quality_rows(f"{len(held_out)} held-out paragraphs", score_corpus(held_out))
    if SEED.exists():
        rows.append(_speed("news article", long_text(article=True)))
    rows.append(_speed("statistics paragraphs", long_text()))
    return rows


if __name__ == "__main__":
    import django

    django.setup()
    for row in measure():
        print(f"{row['name']:<70} {row['value']:>10} {row['unit']}")
