"""A claim: one figure a text states, with everything the text says about it, and its checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from regionpulse.core.figures import json_number

AGREES = "agrees"
DISAGREES = "disagrees"
UNKNOWN = "unknown"

# The fields of a claim that hold a stated number, in the order the JSON lists them.
NUMBER_FIELDS = ("value", "yoy_pct", "share_of_parent_pct", "vs_parent_pp", "rank_in_parent", "target_completion_pct")


@dataclass(slots=True)
class Check:
    """One test of one stated number: against the text's own arithmetic or against the records."""

    kind: str  # "arithmetic" or "database"
    field: str
    status: str
    stated: Decimal | None
    expected: Decimal | None
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "status": self.status,
            "stated": _number(self.stated),
            "expected": _number(self.expected),
            "reason": self.reason,
        }


@dataclass(slots=True)
class Claim:
    name: str  # as the text writes it, tidied
    indicator: str  # the catalogue's or ledger's name when resolved, else ``name``
    start: int
    end: int
    sentence: int  # the sentence's start, for claims that refer to one another
    paragraph: int = 0  # the paragraph's start
    region: str | None = None
    period: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    qualifier: str | None = None
    yoy_pct: Decimal | None = None
    share_of_parent_pct: Decimal | None = None
    vs_parent_pp: Decimal | None = None
    rank_in_parent: int | None = None
    target_completion_pct: Decimal | None = None
    # A target the text states beside the completion (完成目标61亿元的117%).
    target: Decimal | None = None
    target_unit: str | None = None
    subject: str = ""  # what the sentence counts (…重大项目), for names such as 总投资
    # Where each stated number is written: (start, end, field), for highlighting number by number.
    parts: list[tuple[int, int, str]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def status(self) -> str:
        statuses = {check.status for check in self.checks}
        if DISAGREES in statuses:
            return DISAGREES
        return AGREES if AGREES in statuses else UNKNOWN

    def stated(self, name: str) -> Decimal | None:
        number = getattr(self, name)
        return None if number is None else Decimal(number)

    def as_json(self, text: str) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "region": self.region,
            "period": self.period,
            "value": _number(self.value),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "yoy_pct": _number(self.yoy_pct),
            "share_of_parent_pct": _number(self.share_of_parent_pct),
            "vs_parent_pp": _number(self.vs_parent_pp),
            "rank_in_parent": self.rank_in_parent,
            "target_completion_pct": _number(self.target_completion_pct),
            "text": text[self.start : self.end],
            "span": [self.start, self.end],
            "checks": [check.as_json() for check in self.checks],
        }


def _number(value: Decimal | None) -> int | float | None:
    # As written: 17 stays 17, 4.0 stays 4.0 (a float), 592.48 stays 592.48.
    return json_number(value)
