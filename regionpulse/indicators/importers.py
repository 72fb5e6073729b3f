"""The observations sheet: import (all rows or none) and export with the same columns."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from regionpulse.core import history
from regionpulse.core.importing import Column, Importer, ImportResult, ParsedRow, Problem, RowError
from regionpulse.core.locking import locked_keys
from regionpulse.core.lookups import RegionIndex
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.core.registry import register_ledger
from regionpulse.core.scopes import restrict
from regionpulse.core.spreadsheets import parse_decimal, parse_period, parse_text
from regionpulse.indicators.models import Indicator, Observation
from regionpulse.indicators.review import can_edit


def _region_choices() -> list[str]:
    return [f"{code} {name}" for code, name in Region.objects.values_list("code", "name")]


def _indicator_choices() -> list[str]:
    return list(Indicator.objects.values_list("name", flat=True))


COLUMNS = (
    Column("地区", "region", parse_text, choices=_region_choices, help="行政区划代码或名称，如 150203 或 昆都仑区"),
    Column("指标", "indicator", parse_text, choices=_indicator_choices, help="指标目录中的名称或简称"),
    Column("期间", "period", parse_period, help="如 2022-06、2022年上半年、2022年1-5月"),
    Column("数值", "value", parse_decimal, required=False, help="按指标目录的计量单位填写；只发布增速的指标可不填"),
    Column(
        "同比增长", "growth", parse_decimal, required=False, help="公布的同比增速（%）；比重类指标填同比增减的百分点"
    ),
    Column("来源", "source", parse_text, required=False, help="如：区统计局月报"),
)


@register_ledger
class ObservationImporter(Importer[Observation]):
    kind = "observations"
    title = "指标数据"
    columns = COLUMNS

    def prepare(self) -> None:
        self.regions = RegionIndex(self.user)
        self.indicators: dict[str, Indicator] = {}
        for indicator in Indicator.objects.all():
            for name in (indicator.name, indicator.short_name, indicator.code, *indicator.alias_list()):
                if name:
                    self.indicators.setdefault(name, indicator)

    def _indicator(self, text: str) -> Indicator:
        indicator = self.indicators.get(text)
        if indicator is None:
            raise RowError(f"指标目录中没有“{text}”", "indicator")
        user = self.user
        if (
            user is not None
            and not user.is_platform_admin
            and indicator.responsible != getattr(user.department, "function", None)
        ):
            raise RowError(
                f"指标“{indicator.name}”由{indicator.get_responsible_display()}部门负责，您不能导入", "indicator"
            )
        return indicator

    def build(self, values: dict[str, Any]) -> Observation:
        if self.user is not None and not can_edit(self.user):
            raise RowError("您的角色不能导入指标数据")
        value: Decimal | None = values["value"]
        growth: Decimal | None = values["growth"]
        if value is None and growth is None:
            raise RowError("“数值”和“同比增长”至少填写一项", "value")
        indicator = self._indicator(values["indicator"])
        if value is None and indicator.publication == Indicator.Publication.VALUE_AND_GROWTH:
            raise RowError(f"指标“{indicator.name}”发布总量，“数值”不能为空", "value")
        period: Period = values["period"]
        return Observation(
            indicator=indicator,
            region=self.regions.find(values["region"], "region"),
            year=period.year,
            month=period.month,
            value=value,
            growth=growth,
            source=values["source"] or "",
            status=Observation.Status.SUBMITTED,
        )

    def natural_key(self, item: Observation) -> Hashable:
        return (item.region.pk, item.indicator.pk, item.year, item.month)

    def describe_key(self) -> str:
        return "地区、指标、期间"

    def check_all(self, rows: Sequence[ParsedRow[Observation]]) -> list[Problem]:
        self.existing = {
            (obs.region_id, obs.indicator_id, obs.year, obs.month): obs
            for obs in self._existing([row.item for row in rows])
        }
        locked = locked_keys((row.item.region.pk, row.item.year, row.item.month) for row in rows)
        # A row equal to what is stored changes nothing: an export re-imported as it is goes through.
        return [
            Problem(row.number, f"{row.item.region.name}{row.item.period.label}已锁定，不能修改；请管理员先解锁")
            for row in rows
            if (row.item.region.pk, row.item.year, row.item.month) in locked and not self._unchanged(row.item)
        ]

    def _key(self, item: Observation) -> tuple[int, int, int, int]:
        return (item.region.pk, item.indicator.pk, item.year, item.month)

    def _unchanged(self, item: Observation) -> bool:
        current = self.existing.get(self._key(item))
        return current is not None and (current.value, current.growth, current.source) == (
            item.value,
            item.growth,
            item.source,
        )

    def save(self, items: Sequence[Observation]) -> ImportResult:
        created: list[Observation] = []
        updated: list[Observation] = []
        unchanged = 0
        for item in items:
            current = self.existing.get(self._key(item))
            if current is None:
                created.append(item)
            elif self._unchanged(item):
                unchanged += 1
            else:
                current.value, current.growth, current.source = item.value, item.growth, item.source
                # A changed figure needs review again.
                current.status, current.reviewed_by, current.reviewed_at = Observation.Status.SUBMITTED, None, None
                updated.append(current)
        Observation.objects.bulk_create(created, batch_size=1000)
        Observation.objects.bulk_update(
            updated, ["value", "growth", "source", "status", "reviewed_by", "reviewed_at"], batch_size=1000
        )
        history.record_bulk(created, updated)
        return ImportResult(created=len(created), updated=len(updated), unchanged=unchanged)

    def _existing(self, items: Sequence[Observation]) -> QuerySet[Observation]:
        return Observation.objects.filter(
            region_id__in={item.region.pk for item in items},
            indicator_id__in={item.indicator.pk for item in items},
            year__in={item.year for item in items},
        )

    @staticmethod
    def export_queryset(user: Any | None) -> QuerySet[Observation]:
        queryset = Observation.objects.select_related("region", "indicator")
        return queryset if user is None else restrict(queryset, user)

    @staticmethod
    def export_rows(queryset: QuerySet[Observation]) -> Iterable[Sequence[Any]]:
        for obs in queryset.order_by("region__code", "indicator__sort_order", "year", "month").iterator(2000):
            yield [obs.region.code, obs.indicator.name, obs.period.iso, obs.value, obs.growth, obs.source]
