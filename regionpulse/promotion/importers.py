"""The pipeline's four sheets — enterprises, engagements, deals, targets — imported whole or not at all.

Enterprises are matched by credit code, then by normalised name, so a list that writes a name with
other spacing or full-width brackets updates the enterprise it names instead of adding a twin.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from regionpulse.core import history
from regionpulse.core.credit_code import credit_code_problem, normalise_credit_code
from regionpulse.core.importing import (
    CellError,
    Column,
    Importer,
    ImportResult,
    KeptBy,
    ParsedRow,
    Problem,
    RowError,
    save_matched,
)
from regionpulse.core.lookups import RegionIndex
from regionpulse.core.models import Function
from regionpulse.core.registry import register_ledger
from regionpulse.core.scopes import keeps, restrict
from regionpulse.core.spreadsheets import parse_date, parse_text, parse_year
from regionpulse.projects.importers import coded, labels, parse_amount
from regionpulse.promotion.models import (
    STAGE_DATE_FIELDS,
    Deal,
    Engagement,
    IndustryChain,
    Investor,
    Listing,
    ListTag,
    Stage,
    Target,
)
from regionpulse.promotion.names import normalise_name

TAG_SEPARATORS = ("，", ",", ";", "；")


def is_keeper(user: Any) -> bool:
    """The pipeline's keepers: the promotion bureau and administrators (None is the command line)."""
    return keeps(user, Function.PROMOTION)


def parse_credit_code(value: Any) -> str:
    code = normalise_credit_code(parse_text(value))
    problem = credit_code_problem(code)
    if problem:
        raise CellError(problem)
    return code


def parse_tags(value: Any) -> list[tuple[str, int]]:
    """ "世界500强2022、专精特新2021" → [("global500", 2022), ("specialised", 2021)]."""
    text = parse_text(value)
    for separator in TAG_SEPARATORS:
        text = text.replace(separator, "、")
    tags = []
    names = {str(label): value for value, label in ListTag.choices}
    for part in filter(None, (piece.strip() for piece in text.split("、"))):
        year = part[-4:]
        tag = names.get(part[:-4].strip())
        if tag is None or not year.isdigit():
            known = "、".join(names)
            raise CellError(f"“{part}”应写成榜单名称加年度，如 世界500强2022（榜单：{known}）")
        tags.append((tag, int(year)))
    return tags


class _Keeper(KeptBy):
    """Only the promotion bureau (and administrators) write the pipeline."""

    keeper = Function.PROMOTION
    keeper_name = "投资促进部门"


class _Investors:
    """The region's enterprises by credit code and by normalised name."""

    def __init__(self, queryset: QuerySet[Investor]) -> None:
        self.by_code: dict[tuple[int, str], Investor] = {}
        self.by_name: dict[tuple[int, str], Investor] = {}
        for investor in queryset:
            self.add(investor)

    def add(self, investor: Investor) -> None:
        if investor.credit_code:
            self.by_code[(investor.region_id, investor.credit_code)] = investor
        self.by_name[(investor.region_id, investor.normalised_name)] = investor

    def find(self, region_id: int, text: str) -> Investor | None:
        code = normalise_credit_code(text)
        return self.by_code.get((region_id, code)) or self.by_name.get((region_id, normalise_name(text)))


INVESTOR_COLUMNS = (
    Column("企业名称", "name", parse_text),
    Column("所属地区", "region", parse_text, help="招商的地区（行政区划代码或名称），如 150203"),
    Column("统一社会信用代码", "credit_code", parse_credit_code, required=False, help="已知时填写，用于去重"),
    Column("总部所在地", "headquarters", parse_text, required=False),
    Column("所属行业", "industry", parse_text, required=False),
    Column("榜单", "tags", parse_tags, required=False, help="如：世界500强2022、专精特新2021"),
)
INVESTOR_FIELDS = ["name", "credit_code", "headquarters", "industry"]


@register_ledger
class InvestorImporter(_Keeper, Importer[Investor]):
    kind = "investors"
    title = "招商对象企业"
    columns = INVESTOR_COLUMNS

    def prepare(self) -> None:
        self.regions = RegionIndex(self.user)
        self.known = _Investors(Investor.objects.all())
        self.tags: dict[int, list[tuple[str, int]]] = {}

    def build(self, values: dict[str, Any]) -> Investor:
        self.ensure_keeper()
        region = self.regions.find(values["region"], "region")
        code = values["credit_code"]
        existing = (code and self.known.by_code.get((region.pk, code))) or self.known.by_name.get(
            (region.pk, normalise_name(values["name"]))
        )
        investor = Investor(
            pk=existing.pk if existing else None,
            region=region,
            name=values["name"],
            normalised_name=normalise_name(values["name"]),
            credit_code=code or (existing.credit_code if existing else None),
            headquarters=values["headquarters"] or "",
            industry=values["industry"] or "",
        )
        # Kept by the row's object: the tags are saved once the enterprise has its id.
        self.tags[id(investor)] = values["tags"] or []
        return investor

    def natural_key(self, item: Investor) -> Hashable:
        # Two rows that match one stored enterprise, or share a new one's name, are one record twice.
        return ("pk", item.pk) if item.pk else ("name", item.region.pk, item.normalised_name)

    def describe_key(self) -> str:
        return "企业（统一社会信用代码或规范化名称）"

    def check_all(self, rows: Sequence[ParsedRow[Investor]]) -> list[Problem]:
        """Rows that would make two enterprises one: a code shared by two new rows, or a code that
        names one stored enterprise beside the name of another."""
        problems = []
        first_with_code: dict[tuple[int, str], int] = {}
        for row in rows:
            item = row.item
            code_key = (item.region.pk, item.credit_code or "")
            if item.credit_code and not item.pk:
                if code_key in first_with_code:
                    problems.append(
                        Problem(
                            row.number,
                            f"与第{first_with_code[code_key]}行重复（统一社会信用代码相同，是同一家企业），每家企业只能出现一次",
                        )
                    )
                first_with_code.setdefault(code_key, row.number)
            named = self.known.by_name.get((item.region.pk, item.normalised_name))
            if item.pk and named is not None and named.pk != item.pk:
                problems.append(
                    Problem(
                        row.number,
                        f"信用代码{item.credit_code}属于已登记的“{self.known_name(item.pk)}”，名称却是另一家企业“{named.name}”的，请核对",
                    )
                )
        return problems

    def known_name(self, pk: int) -> str:
        return next((investor.name for investor in self.known.by_name.values() if investor.pk == pk), "")

    def save(self, items: Sequence[Investor]) -> ImportResult:
        created, updated = save_matched(Investor, items, [*INVESTOR_FIELDS, "normalised_name"])
        tagged = self._save_tags(items)
        changed_ids = {item.pk for item in updated} | (tagged - {item.pk for item in created})
        return ImportResult(
            created=len(created), updated=len(changed_ids), unchanged=len(items) - len(created) - len(changed_ids)
        )

    def _save_tags(self, items: Sequence[Investor]) -> set[int]:
        """Add the rows' list tags (a tag is never removed by a sheet that omits it); ids that gained one."""
        present = set(Listing.objects.filter(investor__in=items).values_list("investor_id", "tag", "year"))
        added = [
            Listing(investor=item, tag=tag, year=year)
            for item in items
            for tag, year in self.tags.get(id(item), [])
            if (item.pk, tag, year) not in present
        ]
        Listing.objects.bulk_create(added)
        history.record_bulk(added, [])
        return {listing.investor.pk for listing in added}

    @staticmethod
    def export_queryset(user: Any | None) -> QuerySet[Investor]:
        queryset = Investor.objects.select_related("region")
        return queryset if user is None else restrict(queryset, user)

    @staticmethod
    def export_rows(queryset: QuerySet[Investor]) -> Iterable[Sequence[Any]]:
        tags: dict[int, list[str]] = {}
        labels_of = dict(ListTag.choices)
        for investor_id, tag, year in Listing.objects.filter(investor__in=queryset.order_by().values("pk")).values_list(
            "investor_id", "tag", "year"
        ):
            tags.setdefault(investor_id, []).append(f"{labels_of[tag]}{year}")
        for investor in queryset.order_by("region__code", "name").iterator(2000):
            yield [
                investor.name,
                investor.region.code,
                investor.credit_code,
                investor.headquarters or None,
                investor.industry or None,
                "、".join(sorted(tags.get(investor.pk, []))) or None,
            ]


def _chains() -> dict[tuple[int, str], IndustryChain]:
    return {(chain.region_id, chain.name): chain for chain in IndustryChain.objects.all()}


def _find_chain(chains: dict[tuple[int, str], IndustryChain], region_id: int, name: str | None) -> Any:
    if not name:
        return None
    chain = chains.get((region_id, name))
    if chain is None:
        raise RowError(f"没有名为“{name}”的产业链", "chain")
    return chain


ENGAGEMENT_COLUMNS = (
    Column("日期", "date", parse_date),
    Column("所属地区", "region", parse_text),
    Column("企业", "investor", parse_text, help="企业名称或统一社会信用代码；须已在招商对象企业中"),
    Column("方式", "mode", coded(Engagement.Mode), choices=labels(Engagement.Mode)),
    Column("产业链", "chain", parse_text, required=False),
    Column("参与人员", "participants", parse_text, required=False),
    Column("洽谈结果", "result", parse_text, required=False),
    Column("下一步", "next_step", parse_text, required=False),
)


@register_ledger
class EngagementImporter(_Keeper, Importer[Engagement]):
    """Contacts are events: every row is a new one, and a row repeated in the same sheet is an error."""

    kind = "engagements"
    title = "对接洽谈"
    columns = ENGAGEMENT_COLUMNS

    def prepare(self) -> None:
        self.regions = RegionIndex(self.user)
        self.investors = _Investors(Investor.objects.all())
        self.chains = _chains()

    def build(self, values: dict[str, Any]) -> Engagement:
        self.ensure_keeper()
        region = self.regions.find(values["region"], "region")
        investor = self.investors.find(region.pk, values["investor"])
        if investor is None:
            raise RowError(f"招商对象企业中没有“{values['investor']}”，请先导入该企业", "investor")
        return Engagement(
            region=region,
            investor=investor,
            date=values["date"],
            mode=values["mode"],
            chain=_find_chain(self.chains, region.pk, values["chain"]),
            participants=values["participants"] or "",
            result=values["result"] or "",
            next_step=values["next_step"] or "",
        )

    def natural_key(self, item: Engagement) -> Hashable:
        return (item.region.pk, item.investor.pk, item.date, item.mode, item.result)

    def describe_key(self) -> str:
        return "日期、企业、方式、结果"

    def save(self, items: Sequence[Engagement]) -> ImportResult:
        existing = set(
            Engagement.objects.filter(investor__in={item.investor.pk for item in items}).values_list(
                "region_id", "investor_id", "date", "mode", "result"
            )
        )
        created = [item for item in items if self.natural_key(item) not in existing]
        Engagement.objects.bulk_create(created, batch_size=2000)
        history.record_bulk(created, [])
        return ImportResult(created=len(created), unchanged=len(items) - len(created))

    @staticmethod
    def export_queryset(user: Any | None) -> QuerySet[Engagement]:
        queryset = Engagement.objects.select_related("region", "investor", "chain")
        return queryset if user is None else restrict(queryset, user)

    @staticmethod
    def export_rows(queryset: QuerySet[Engagement]) -> Iterable[Sequence[Any]]:
        for item in queryset.order_by("date", "id").iterator(2000):
            yield [
                item.date,
                item.region.code,
                item.investor.name,
                item.get_mode_display(),
                item.chain.name if item.chain else None,
                item.participants or None,
                item.result or None,
                item.next_step or None,
            ]


def parse_past_date(value: Any) -> Any:
    day = parse_date(value)
    if day > timezone.localdate():
        raise CellError(f"{day:%Y-%m-%d}还没有到")
    return day


DEAL_COLUMNS = (
    Column("项目名称", "name", parse_text),
    Column("所属地区", "region", parse_text),
    Column("投资企业", "investor", parse_text, help="企业名称或统一社会信用代码"),
    Column("产业链", "chain", parse_text, required=False),
    Column("意向投资额（万元）", "amount", parse_amount),
    Column("到位资金（万元）", "funds_in_place", parse_amount, required=False),
    Column("洽谈日期", "negotiating_on", parse_past_date, required=False),
    Column("签约日期", "signed_on", parse_past_date, required=False),
    Column("落地日期", "landed_on", parse_past_date, required=False, help="在本地注册企业的日期"),
    Column("开工日期", "started_on", parse_past_date, required=False),
    Column("投产日期", "producing_on", parse_past_date, required=False),
    Column("重大项目编号", "project", parse_text, required=False, help="已列入重大项目的，填写项目编号"),
)
DEAL_FIELDS = ["investor", "chain", "amount", "funds_in_place", "stage", *STAGE_DATE_FIELDS.values(), "project"]


def stage_from_dates(values: dict[str, Any]) -> Stage:
    """The stage the dates say: the last stage with a date, every stage before it dated (talks may go
    undated) and no date earlier than the one before it."""
    dated = [stage for stage in Stage if values.get(STAGE_DATE_FIELDS[stage])]
    if not dated:
        return Stage.NEGOTIATING
    reached = max(dated)
    previous = None
    for stage in Stage:
        if stage > reached:
            break
        field = STAGE_DATE_FIELDS[stage]
        on = values.get(field)
        if on is None:
            if stage == Stage.NEGOTIATING:
                continue
            raise RowError(f"已填写{Stage(reached).label}日期，{stage.label}日期不能为空（不能跳过）", field)
        if previous is not None and on < previous:
            raise RowError(f"{stage.label}日期早于前一阶段的日期", field)
        previous = on
    return reached


@register_ledger
class DealImporter(_Keeper, Importer[Deal]):
    kind = "deals"
    title = "招商项目"
    columns = DEAL_COLUMNS

    def prepare(self) -> None:
        from regionpulse.projects.models import Project

        self.regions = RegionIndex(self.user)
        self.investors = _Investors(Investor.objects.all())
        self.chains = _chains()
        self.projects = dict(Project.objects.values_list("code", "pk"))
        self.existing = {(deal.region_id, deal.name): deal for deal in Deal.objects.all()}

    def build(self, values: dict[str, Any]) -> Deal:
        self.ensure_keeper()
        region = self.regions.find(values["region"], "region")
        investor = self.investors.find(region.pk, values["investor"])
        if investor is None:
            raise RowError(f"招商对象企业中没有“{values['investor']}”，请先导入该企业", "investor")
        project_id = None
        if values["project"]:
            project_id = self.projects.get(values["project"])
            if project_id is None:
                raise RowError(f"没有编号为“{values['project']}”的重大项目", "project")
        current = self.existing.get((region.pk, values["name"]))
        return Deal(
            pk=current.pk if current else None,
            region=region,
            name=values["name"],
            investor=investor,
            chain=_find_chain(self.chains, region.pk, values["chain"]),
            amount=values["amount"],
            funds_in_place=values["funds_in_place"] or Decimal(0),
            stage=stage_from_dates(values),
            project_id=project_id,
            **{field: values[field] for field in STAGE_DATE_FIELDS.values()},
        )

    def natural_key(self, item: Deal) -> Hashable:
        return (item.region.pk, item.name)

    def describe_key(self) -> str:
        return "地区、项目名称"

    def save(self, items: Sequence[Deal]) -> ImportResult:
        created, updated = save_matched(Deal, items, DEAL_FIELDS)
        return ImportResult.of(items, created, updated)

    @staticmethod
    def export_queryset(user: Any | None) -> QuerySet[Deal]:
        queryset = Deal.objects.select_related("region", "investor", "chain", "project")
        return queryset if user is None else restrict(queryset, user)

    @staticmethod
    def export_rows(queryset: QuerySet[Deal]) -> Iterable[Sequence[Any]]:
        for deal in queryset.order_by("region__code", "name").iterator(2000):
            yield [
                deal.name,
                deal.region.code,
                deal.investor.name,
                deal.chain.name if deal.chain else None,
                deal.amount,
                deal.funds_in_place,
                *(deal.date_of(stage) for stage in Stage),
                deal.project.code if deal.project else None,
            ]


TARGET_COLUMNS = (
    Column("所属地区", "region", parse_text),
    Column("年度", "year", parse_year),
    Column("指标", "metric", coded(Target.Metric), choices=labels(Target.Metric)),
    Column("目标值", "value", parse_amount, help="金额以万元计，个数以个、家计"),
)


@register_ledger
class TargetImporter(_Keeper, Importer[Target]):
    kind = "targets"
    title = "年度招商目标"
    columns = TARGET_COLUMNS

    def prepare(self) -> None:
        self.regions = RegionIndex(self.user)

    def build(self, values: dict[str, Any]) -> Target:
        self.ensure_keeper()
        return Target(
            region=self.regions.find(values["region"], "region"),
            year=values["year"],
            metric=values["metric"],
            value=values["value"],
        )

    def natural_key(self, item: Target) -> Hashable:
        return (item.region.pk, item.year, item.metric)

    def describe_key(self) -> str:
        return "地区、年度、指标"

    def save(self, items: Sequence[Target]) -> ImportResult:
        stored = Target.objects.filter(region__in={item.region.pk for item in items})
        matched = {(target.region_id, target.year, target.metric): target.pk for target in stored}
        for item in items:
            item.pk = matched.get(self.natural_key(item))  # type: ignore[call-overload]
        created, updated = save_matched(Target, items, ["value"])
        return ImportResult.of(items, created, updated)

    @staticmethod
    def export_queryset(user: Any | None) -> QuerySet[Target]:
        queryset = Target.objects.select_related("region")
        return queryset if user is None else restrict(queryset, user)

    @staticmethod
    def export_rows(queryset: QuerySet[Target]) -> Iterable[Sequence[Any]]:
        for target in queryset.order_by("region__code", "year", "metric").iterator(2000):
            yield [target.region.code, target.year, target.get_metric_display(), target.value]
