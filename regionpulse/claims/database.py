"""Each stated number against the platform's own figure for the same region and period.

The figures come from the figure registry (``registry.as_json``, what ``regionpulse figures`` prints):
approved observations and the ledgers, rounded as published. A stated number agrees when the
record, rounded to the decimals the text writes, is the same number; a qualifier widens the test
(130余 is 130 to 139, 近 is a little below, 超 is above, 约 is within 5%).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from regionpulse.claims.aliases import LEDGER_FIGURES
from regionpulse.claims.claim import AGREES, DISAGREES, UNKNOWN, Check, Claim
from regionpulse.claims.numbers import convert, decimals_of, roundness
from regionpulse.core.figures import registry
from regionpulse.core.models import Region
from regionpulse.core.periods import Period, PeriodError
from regionpulse.core.scopes import can_view_region
from regionpulse.core.units import round_half_up

FIELD_LABELS = {
    "value": "数值",
    "yoy_pct": "同比增长",
    "share_of_parent_pct": "占上级比重",
    "vs_parent_pp": "与上级增速差",
    "rank_in_parent": "在上级中的位次",
    "target_completion_pct": "目标完成比例",
}
UNITS = {"yoy_pct": "%", "share_of_parent_pct": "%", "vs_parent_pp": "个百分点", "target_completion_pct": "%"}


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def agrees(stated: Decimal, recorded: Decimal, qualifier: str | None = None) -> bool:
    """Whether the record is the stated number as written (rounded to its decimals, or as qualified)."""
    if qualifier == "余":
        return stated <= recorded < stated + Decimal(10) ** max(roundness(stated), 0 if stated < 10 else 1)
    if qualifier == "近":
        return stated * Decimal("0.9") <= recorded <= stated
    if qualifier == "超":
        return recorded >= stated
    if qualifier == "约":
        return abs(recorded - stated) <= abs(stated) * Decimal("0.05")
    stated_decimals, recorded_decimals = decimals_of(stated), decimals_of(recorded.normalize())
    if recorded_decimals >= stated_decimals:
        return round_half_up(recorded, stated_decimals) == stated
    return round_half_up(stated, recorded_decimals) == recorded


def _written(stated: Decimal, qualifier: str | None) -> str:
    if qualifier == "余":
        return f"{_text(stated)}余"
    return f"{qualifier or ''}{_text(stated)}"


def _record(value: Any) -> Decimal | None:
    return None if value is None or isinstance(value, bool) else Decimal(str(value))


class Records:
    """The platform's figures by region and period, computed once for each pair a text names."""

    def __init__(self, viewer: Any | None = None) -> None:
        self._figures: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._regions: dict[str, Region | None] = {}
        self.viewer = viewer  # None: the command line, which sees every region

    def may_view(self, region_name: str) -> bool:
        region = self.region(region_name)
        return self.viewer is None or region is None or can_view_region(self.viewer, region)

    def region(self, name: str) -> Region | None:
        if name not in self._regions:
            found = list(Region.objects.select_related("parent").filter(name=name)[:2])
            self._regions[name] = found[0] if len(found) == 1 else None
        return self._regions[name]

    def figures(self, region_name: str, period: str) -> dict[str, Any] | None:
        key = (region_name, period)
        if key not in self._figures:
            region = self.region(region_name)
            try:
                when = Period.parse(period)
            except PeriodError:
                when = None
            hidden = region is None or when is None or not self.may_view(region_name)
            self._figures[key] = None if hidden else registry.as_json(region, when)  # type: ignore[arg-type]
        return self._figures[key]


def _recorded(claim: Claim, figures: dict[str, Any]) -> tuple[dict[str, tuple[Decimal | None, str | None]], str]:
    """The record's number for each field of the claim, with its unit; and where it comes from."""
    for item in figures.get("indicators", []):
        if claim.indicator in (item.get("indicator"), item.get("short_name")):
            growth = item.get("yoy_pct", item.get("yoy_change_pp"))
            return {
                "value": (_record(item.get("value")), item.get("unit")),
                "yoy_pct": (_record(growth), None),
                "share_of_parent_pct": (_record(item.get("share_of_parent_pct")), None),
                "vs_parent_pp": (_record(item.get("vs_parent_pp")), None),
                "rank_in_parent": (_record(item.get("rank_in_parent")), None),
            }, "已审核的指标数据"
    ledger = LEDGER_FIGURES.get(claim.indicator)
    family = figures.get(ledger.family) if ledger else None
    if ledger is None or not isinstance(family, dict):
        return {}, ""
    recorded: dict[str, tuple[Decimal | None, str | None]] = {"value": (_record(family.get(ledger.key)), ledger.unit)}
    if ledger.target_key:
        recorded["target_completion_pct"] = (_record(family.get(ledger.target_key)), None)
    return recorded, "台账汇总"


def _compare(claim: Claim, field: str, recorded: Decimal | None, unit: str | None, source: str) -> Check:
    stated = claim.stated(field)
    assert stated is not None
    label = FIELD_LABELS[field]
    shown_unit = claim.unit or "" if field == "value" else UNITS.get(field, "")
    if recorded is None:
        return Check("database", field, UNKNOWN, stated, None, f"平台没有该期的{label}，无法核对")
    if field == "value" and unit and claim.unit and unit != claim.unit:
        converted = convert(recorded, unit, claim.unit)
        if converted is None:
            return Check("database", field, UNKNOWN, stated, None, f"平台的计量单位是{unit}，与文中{claim.unit}不同")
        recorded = converted
    qualifier = claim.qualifier if field == "value" else None
    same = agrees(stated, recorded, qualifier)
    written, shown = _written(stated, qualifier), _text(recorded)
    if field == "rank_in_parent":
        written, shown = f"第{written}位", f"第{shown}位"
    reason = f"文中{label}{written}{shown_unit}，平台{shown}{shown_unit}（{source}）"
    return Check("database", field, AGREES if same else DISAGREES, stated, recorded, reason)


def against_records(claims: list[Claim], records: Records | None = None) -> None:
    """Add a database check for every stated number that the platform also computes."""
    records = records or Records()
    for claim in claims:
        fields = [field for field in FIELD_LABELS if claim.stated(field) is not None]
        if claim.region is None or claim.period is None:
            missing = "地区" if claim.region is None else "期间"
            claim.checks.append(
                Check(
                    "database",
                    fields[0],
                    UNKNOWN,
                    claim.stated(fields[0]),
                    None,
                    f"文中没有写明{missing}，无法与平台数据核对",
                )
            )
            continue
        figures = records.figures(claim.region, claim.period)
        if figures is None:
            why = "您无权查看该地区的平台数据" if not records.may_view(claim.region) else "平台中没有该地区或期间"
            claim.checks.append(
                Check(
                    "database", fields[0], UNKNOWN, claim.stated(fields[0]), None, f"{why}（{claim.region}），无法核对"
                )
            )
            continue
        recorded, source = _recorded(claim, figures)
        if not recorded:
            claim.checks.append(
                Check(
                    "database",
                    fields[0],
                    UNKNOWN,
                    claim.stated(fields[0]),
                    None,
                    f"平台不计算“{claim.indicator}”，无法核对",
                )
            )
            continue
        for field in fields:
            if field in recorded:
                number, unit = recorded[field]
                claim.checks.append(_compare(claim, field, number, unit, source))
