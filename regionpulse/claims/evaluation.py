"""Precision and recall of the extraction on the annotated corpus (tests/corpus/bulletins.json).

Every stated number is a fact: (figure, field, number), and a value also has its unit and
qualifier. A found fact is right when an annotated fact of the same paragraph has the same field,
number, unit and qualifier, and a compatible name: the catalogue name, or the words of the text
one containing the other, or sharing at least half of their character pairs (到位资金 / 实际到位资金).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from regionpulse.claims.claim import NUMBER_FIELDS, Claim
from regionpulse.claims.extract import extract

CORPUS = Path(__file__).parent / "tests" / "corpus" / "bulletins.json"


@dataclass(frozen=True, slots=True)
class Fact:
    names: tuple[str, ...]
    field: str
    number: Decimal
    unit: str | None
    qualifier: str | None


@dataclass(frozen=True, slots=True)
class Score:
    found: int
    expected: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def _clean(name: str) -> str:
    return re.sub(r"[“”\"'‘’（）()、，,\s]", "", name)


def _pairs(name: str) -> set[str]:
    return {name[index : index + 2] for index in range(len(name) - 1)}


def compatible(expected: str, found: str) -> bool:
    expected, found = _clean(expected), _clean(found)
    if not expected or not found:
        return False
    if expected in found or (len(found) >= 2 and found in expected):
        return True
    shorter = min(_pairs(expected), _pairs(found), key=len)
    return bool(shorter) and len(_pairs(expected) & _pairs(found)) >= len(shorter) / 2


def _facts(names: tuple[str, ...], record: dict[str, Any]) -> list[Fact]:
    facts = []
    for field in NUMBER_FIELDS:
        number = record.get(field)
        if number is None:
            continue
        unit = record.get("unit") if field == "value" else None
        qualifier = record.get("qualifier") if field == "value" else None
        facts.append(Fact(names, field, Decimal(str(number)), unit, qualifier))
    return facts


def claim_facts(claim: Claim) -> list[Fact]:
    record: dict[str, Any] = {field: claim.stated(field) for field in NUMBER_FIELDS}
    record.update(unit=claim.unit, qualifier=claim.qualifier)
    return _facts((claim.indicator, claim.name), record)


def expected_facts(annotation: dict[str, Any]) -> list[Fact]:
    return _facts((annotation["indicator"],), annotation)


def _same(expected: Fact, found: Fact) -> bool:
    return (
        expected.field == found.field
        and expected.number == found.number
        and expected.unit == found.unit
        and expected.qualifier == found.qualifier
        and any(compatible(expected.names[0], name) for name in found.names)
    )


def score_paragraph(text: str, annotations: list[dict[str, Any]]) -> Score:
    found = [fact for claim in extract(text) for fact in claim_facts(claim)]
    expected = [fact for annotation in annotations for fact in expected_facts(annotation)]
    unused = list(found)
    right = 0
    for fact in expected:
        match = next((candidate for candidate in unused if _same(fact, candidate)), None)
        if match is not None:
            unused.remove(match)
            right += 1
    return Score(len(found), len(expected), right)


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["paragraphs"]


def score_corpus(paragraphs: list[dict[str, Any]] | None = None) -> Score:
    scores = [score_paragraph(p["text"], p["claims"]) for p in paragraphs or load_corpus()]
    return Score(sum(s.found for s in scores), sum(s.expected for s in scores), sum(s.right for s in scores))
