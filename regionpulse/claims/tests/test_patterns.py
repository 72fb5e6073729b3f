"""The patterns that begin with a lookahead of the characters a match can begin with: the lookahead
only makes them faster, so without it they find the same matches in the same texts."""

from __future__ import annotations

import re

import pytest

from regionpulse.claims import phrases, regions
from regionpulse.claims.bench import long_text
from regionpulse.claims.numbers import normalise
from regionpulse.claims.periods import PERIOD_RE

LEADING_LOOKAHEAD = re.compile(r"^\(\?=\[[^\]]+\]\)")
PATTERNS = {
    "ATOM_RE": phrases.ATOM_RE,
    "RANK_RE": phrases.RANK_RE,
    "FLAT_RE": phrases.FLAT_RE,
    "GROWTH_RE": phrases.GROWTH_RE,
    "OTHER_BASIS_RE": phrases.OTHER_BASIS_RE,
    "RATIO_VALUE_RE": phrases.RATIO_VALUE_RE,
    "PERIOD_RE": PERIOD_RE,
    "regions._WORD_RE": regions._WORD_RE,
}
# The corpus and the reference article, as the reader sees them.
TEXTS = [normalise(long_text(1)), normalise(long_text(1, article=True))]


def _found(match: re.Match[str] | None) -> tuple[tuple[int, int], dict[str, str | None]] | None:
    return None if match is None else (match.span(), match.groupdict())


@pytest.mark.parametrize("pattern", PATTERNS.values(), ids=PATTERNS.keys())
def test_the_leading_lookahead_loses_no_match(pattern: re.Pattern[str]) -> None:
    bare = re.compile(LEADING_LOOKAHEAD.sub("", pattern.pattern))
    assert bare.pattern != pattern.pattern
    for text in TEXTS:
        assert list(map(_found, pattern.finditer(text))) == list(map(_found, bare.finditer(text)))
        # The words before each position, as the reader searches them for what a number is.
        for end in range(1, len(text)):
            left = text[max(0, end - 40) : end]
            assert _found(pattern.search(left)) == _found(bare.search(left)), left
