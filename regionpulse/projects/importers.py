"""The ledger's three sheets — projects, annual plans, monthly progress — each imported whole or not at all,
and exported with the same columns so that an export re-imported unchanged changes nothing."""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Model, QuerySet

from regionpulse.core import history
from regionpulse.core.importing import (
    CellError,
    Column,
    Importer,
    ImportResult,
    ParsedRow,
    Problem,
    RowError,
    save_matched,
)
from regionpulse.core.locking import locked_from_keys
from regionpulse.core.lookups import RegionIndex
from regionpulse.core.models import Department, Enterprise, Function, Leader, Region, Role, TaskForce
from regionpulse.core.periods import Period
from regionpulse.core.registry import register_ledger
from regionpulse.core.scopes import keeps, restrict
from regionpulse.core.spreadsheets import parse_date, parse_decimal, parse_period, parse_text, parse_year
from regionpulse.projects.classifications import (
    Category,
    EmergingIndustry,
    Industry,
    Nature,
    Stage,
    choice_by_text,
)
from regionpulse.projects.models import AnnualPlan, Listing, ProgressReport, Project, is_future
from regionpulse.projects.review import can_report
from regionpulse.projects.signals import stage_changed

YEAR_SEPARATORS = ("、", "，", ",", " ", ";", "；")
CACHED_TEXT = 64


def parse_amount(value: Any) -> Decimal:
    amount = parse_decimal(value)
    if amount < 0:
        raise CellError(f"金额不能为负数（{amount.normalize():f}）")
    return amount


def coded(choices: Any) -> Any:
    """A parser for a coded column that accepts the code, the label or both."""
    # A column holds a handful of distinct texts: each is matched once, not once per row (a long text,
    # which no choice is, is matched without being kept).
    cached = functools.lru_cache(maxsize=256)(functools.partial(choice_by_text, choices))

    def parse(value: Any) -> str:
        text = parse_text(value)
        found = cached(text) if len(text) <= CACHED_TEXT else choice_by_text(choices, text)
        if found is None:
            raise CellError(f"“{text}”不是可选值（{'、'.join(str(label) for label in choices.labels)}）")
        return found

    return parse


def labels(choices: Any) -> Any:
    return lambda: [str(label) for label in choices.labels]


def parse_years(value: Any) -> list[int]:
    text = parse_text(value)
    for separator in YEAR_SEPARATORS:
        text = text.replace(separator, "、")
    return sorted({parse_year(part) for part in text.split("、") if part})


def _is_keeper(user: Any) -> bool:
    """The ledger's keepers: the development department and administrators (None is the command line)."""
    return keeps(user, Function.DEVELOPMENT)


PROJECT_COLUMNS = (
    Column("项目编号", "code", parse_text, help="全区唯一，如 KDL-2022-001；已有编号的行更新该项目"),
    Column("项目名称", "name", parse_text),
    Column("所在地区", "region", parse_text, help="行政区划代码或名称，如 150203"),
    Column("业主单位", "owner", parse_text, required=False, help="企业名称或统一社会信用代码；须已在企业名录中"),
    Column("所属行业", "industry", coded(Industry), choices=labels(Industry), help="国民经济行业分类（GB/T 4754）门类"),
    Column(
        "战略性新兴产业",
        "emerging_industry",
        coded(EmergingIndustry),
        required=False,
        choices=labels(EmergingIndustry),
        help="属于战略性新兴产业的填写类别，否则留空",
    ),
    Column("项目类别", "category", coded(Category), choices=labels(Category)),
    Column("建设性质", "nature", coded(Nature), choices=labels(Nature)),
    Column("总投资（万元）", "total_investment", parse_amount),
    Column("建设地点", "location", parse_text, required=False),
    Column("计划开工", "planned_start", parse_date, required=False, help="日期，如 2022-03-15"),
    Column("计划竣工", "planned_finish", parse_date, required=False),
    Column("项目阶段", "stage", coded(Stage), choices=labels(Stage)),
    Column("包联领导", "leader", parse_text, required=False, help="县级领导姓名"),
    Column("专班", "task_force", parse_text, required=False),
    Column("责任部门", "department", parse_text, required=False, help="部门全称或简称"),
    Column(
        "列入清单年度",
        "years",
        parse_years,
        required=False,
        help="列入重大项目清单的年度，多个以顿号分隔，如 2021、2022",
    ),
)
# What a row changes in a stored project: its columns but for the code the project is matched by and
# the years on the list (its listings, saved apart).
PROJECT_FIELDS = [column.key for column in PROJECT_COLUMNS if column.key not in ("code", "years")]


class _Organisations:
    """The district's leaders, task forces, departments and enterprises by the names a sheet uses."""

    def __init__(self) -> None:
        self.enterprises: dict[str, Enterprise] = {}
        for enterprise in Enterprise.objects.all():
            self.enterprises.setdefault(enterprise.name, enterprise)
            if enterprise.credit_code:
                self.enterprises[enterprise.credit_code] = enterprise
        self.by_region: dict[tuple[type[Model], int, str], Model] = {}
        for model in (Leader, TaskForce, Department):
            for record in model.objects.all():
                for name in (record.name, getattr(record, "short_name", "")):
                    if name:
                        self.by_region.setdefault((model, record.region_id, name), record)

    def find(self, model: type[Model], region: Region, text: str | None, column: str, what: str) -> Any:
        if not text:
            return None
        # A district's list is led by its own leaders; a city's list may name the city's.
        for place in (region, region.parent):
            record = self.by_region.get((model, place.pk, text)) if place else None
            if record is not None:
                return record
        raise RowError(f"{region.name}没有名为“{text}”的{what}", column)

    def enterprise(self, text: str | None) -> Enterprise | None:
        if not text:
            return None
        enterprise = self.enterprises.get(text) or self.enterprises.get(text.upper())
        if enterprise is None:
            raise RowError(f"企业名录中没有“{text}”，请先登记该企业", "owner")
        return enterprise


@register_ledger
class ProjectImporter(Importer[Project]):
    kind = "projects"
    title = "重大项目台账"
    columns = PROJECT_COLUMNS

    def prepare(self) -> None:
        self.regions = RegionIndex(self.user)
        self.organisations = _Organisations()
        self.years: dict[str, list[int]] = {}
        self.restaged: set[str] = set()

    def build(self, values: dict[str, Any]) -> Project:
        if not _is_keeper(self.user):
            raise RowError("项目台账由发展改革部门维护，您的角色不能导入")
        region = self.regions.find(values["region"], "region")
        find = self.organisations.find
        project = Project(
            code=values["code"],
            name=values["name"],
            region=region,
            owner=self.organisations.enterprise(values["owner"]),
            industry=values["industry"],
            emerging_industry=values["emerging_industry"] or "",
            category=values["category"],
            nature=values["nature"],
            total_investment=values["total_investment"],
            location=values["location"] or "",
            planned_start=values["planned_start"],
            planned_finish=values["planned_finish"],
            stage=values["stage"],
            leader=find(Leader, region, values["leader"], "leader", "县级领导"),
            task_force=find(TaskForce, region, values["task_force"], "task_force", "专班"),
            department=find(Department, region, values["department"], "department", "部门"),
        )
        if project.planned_start and project.planned_finish and project.planned_finish < project.planned_start:
            raise RowError("计划竣工日期早于计划开工日期", "planned_finish")
        self.years[project.code] = values["years"] or []
        return project

    def natural_key(self, item: Project) -> Hashable:
        return item.code

    def describe_key(self) -> str:
        return "项目编号"

    def check_all(self, rows: Sequence[ParsedRow[Project]]) -> list[Problem]:
        """Rows that put a project on, or take it off, the list of a year with a locked period."""
        listed: dict[str, set[int]] = {}
        codes = [row.item.code for row in rows]
        for code, year in Listing.objects.filter(project__code__in=codes).values_list("project__code", "year"):
            listed.setdefault(code, set()).add(year)
        moved = [
            (row.number, row.item.region.pk, year)
            for row in rows
            for year in sorted(set(self.years[row.item.code]) ^ listed.get(row.item.code, set()))
        ]
        closed = locked_from_keys((region, year, 1) for _, region, year in moved)
        return [
            Problem(number, f"{year}年已有锁定的期间，不能再调整该年的重大项目清单；请管理员先解锁")
            for number, region, year in moved
            if (region, year, 1) in closed
        ]

    def save(self, items: Sequence[Project]) -> ImportResult:
        existing = Project.objects.in_bulk([item.code for item in items], field_name="code")
        created: list[Project] = []
        updated: list[Project] = []
        for item in items:
            current = existing.get(item.code)
            if current is None:
                created.append(item)
                continue
            differing = [name for name in PROJECT_FIELDS if _value(current, name) != _value(item, name)]
            if "stage" in differing:
                self.restaged.add(item.code)
            for name in differing:
                setattr(current, name, getattr(item, name))
            if differing:
                updated.append(current)
        Project.objects.bulk_create(created, batch_size=1000)
        Project.objects.bulk_update(updated, PROJECT_FIELDS, batch_size=1000)
        history.record_bulk(created, updated)
        relisted = self._save_listings({**existing, **{item.code: item for item in created}})
        restaged = [item.pk for item in created] + [item.pk for item in updated if item.code in self.restaged]
        if restaged:
            stage_changed.send(sender=Project, project_ids=restaged)
        # A project whose only change is its years on the list counts as updated, not unchanged.
        new = {item.code for item in created}
        changed = {item.code for item in updated} | (relisted - new)
        return ImportResult(created=len(new), updated=len(changed), unchanged=len(items) - len(new) - len(changed))

    def _save_listings(self, projects: dict[str, Project]) -> set[str]:
        """Make each project's years on the list those of its row; the codes of projects whose years changed."""
        by_pk = {project.pk: project for project in projects.values()}
        wanted = {(projects[code].pk, year) for code, years in self.years.items() for year in years}
        present = {(row.project_id, row.year): row for row in Listing.objects.filter(project_id__in=by_pk)}
        added = [Listing(project=by_pk[pk], year=year) for pk, year in sorted(wanted - present.keys())]
        removed = [present[key] for key in present.keys() - wanted]
        Listing.objects.bulk_create(added)
        history.record_bulk(added, [])
        for listing in removed:
            listing.project = by_pk[listing.project_id]
            listing.delete()
        return {listing.project.code for listing in [*added, *removed]}

    @staticmethod
    def export_queryset(user: Any | None) -> QuerySet[Project]:
        queryset = Project.objects.select_related("region", "owner", "leader", "task_force", "department")
        return queryset if user is None else restrict(queryset, user)

    @staticmethod
    def export_rows(queryset: QuerySet[Project]) -> Iterable[Sequence[Any]]:
        years: dict[int, list[int]] = {}
        listed = Listing.objects.filter(project__in=queryset.order_by().values("pk"))
        for project_id, year in listed.values_list("project_id", "year"):
            years.setdefault(project_id, []).append(year)
        # A list page's own order is kept; otherwise the ledger's.
        ordered = queryset if queryset.query.order_by else queryset.order_by("region__code", "code")
        for project in ordered.iterator(2000):
            yield [
                project.code,
                project.name,
                project.region.code,
                project.owner.name if project.owner else None,
                project.get_industry_display(),
                project.get_emerging_industry_display() or None,
                project.get_category_display(),
                project.get_nature_display(),
                project.total_investment,
                project.location or None,
                project.planned_start,
                project.planned_finish,
                project.get_stage_display(),
                project.leader.name if project.leader else None,
                project.task_force.name if project.task_force else None,
                project.department.name if project.department else None,
                "、".join(str(year) for year in sorted(years.get(project.pk, []))) or None,
            ]


def _value(project: Project, name: str) -> Any:
    field = Project._meta.get_field(name)
    return getattr(project, field.attname)  # type: ignore[union-attr]


class _ProjectIndex:
    """The projects a user may write for, by code; a project outside the user's scope is named as such."""

    def __init__(self, user: Any | None) -> None:
        queryset = Project.objects.all() if user is None else restrict(Project.objects.all(), user)
        self.allowed = {project.code: project for project in queryset.only("pk", "code", "name", "region_id")}
        self.user = user

    def find(self, code: str) -> Project:
        found = self.allowed.get(code)
        if found is not None:
            return found
        if Project.objects.filter(code=code).exists():
            whose = "本企业" if self.user is not None and self.user.role == Role.ENTERPRISE else "您"
            raise RowError(f"项目“{code}”不属于{whose}的填报范围", "project")
        raise RowError(f"没有编号为“{code}”的项目", "project")


def _locked_problems(rows: Sequence[ParsedRow[Any]], period_of: Any, unchanged: Any, what: Any) -> list[Problem]:
    """Rows that would change a month (or, for a plan, a year) closed by a locked period at or after it.

    A row equal to what is stored changes nothing, so an export re-imported as it is goes through.
    """
    keys = {row.number: (row.item.project.region_id, *period_of(row.item)) for row in rows}
    closed = locked_from_keys(keys.values())
    names = dict(Region.objects.filter(pk__in={key[0] for key in closed}).values_list("pk", "name"))
    return [
        Problem(
            row.number,
            f"{names[key[0]]}{Period(key[1], closed[key]).label}已锁定，{what(row.item)}计入其累计数，"
            "不能再修改；请管理员先解锁",
        )
        for row in rows
        if (key := keys[row.number]) in closed and not unchanged(row.item)
    ]


PLAN_FIELDS = ["planned_investment", "milestones"]
REPORTED_FIELDS = ["investment", "progress", "stage"]


def _same(current: Model, item: Model, fields: Sequence[str]) -> bool:
    return all(getattr(current, name) == getattr(item, name) for name in fields)


PLAN_COLUMNS = (
    Column("项目编号", "project", parse_text),
    Column("年度", "year", parse_year),
    Column("年度计划投资（万元）", "planned_investment", parse_amount),
    Column("年度计划节点", "milestones", parse_text, required=False, help="如：6月主体完工，10月设备安装"),
)


@register_ledger
class PlanImporter(Importer[AnnualPlan]):
    kind = "plans"
    title = "年度投资计划"
    columns = PLAN_COLUMNS

    def prepare(self) -> None:
        self.projects = _ProjectIndex(self.user)

    def build(self, values: dict[str, Any]) -> AnnualPlan:
        if not _is_keeper(self.user):
            raise RowError("年度计划由发展改革部门维护，您的角色不能导入")
        return AnnualPlan(
            project=self.projects.find(values["project"]),
            year=values["year"],
            planned_investment=values["planned_investment"],
            milestones=values["milestones"] or "",
        )

    def natural_key(self, item: AnnualPlan) -> Hashable:
        return (item.project_id, item.year)

    def describe_key(self) -> str:
        return "项目编号、年度"

    def check_all(self, rows: Sequence[ParsedRow[AnnualPlan]]) -> list[Problem]:
        items = [row.item for row in rows]
        self.existing = {
            (plan.project_id, plan.year): plan
            for plan in AnnualPlan.objects.filter(
                project_id__in={item.project_id for item in items}, year__in={item.year for item in items}
            )
        }
        return _locked_problems(rows, lambda plan: (plan.year, 1), self._unchanged, lambda plan: f"{plan.year}年计划")

    def _unchanged(self, item: AnnualPlan) -> bool:
        current = self.existing.get((item.project_id, item.year))
        return current is not None and _same(current, item, PLAN_FIELDS)

    def save(self, items: Sequence[AnnualPlan]) -> ImportResult:
        for item in items:
            current = self.existing.get((item.project_id, item.year))
            item.pk = current.pk if current else None
        created, updated = save_matched(AnnualPlan, items, PLAN_FIELDS)
        return ImportResult.of(items, created, updated)

    @staticmethod
    def export_queryset(user: Any | None) -> QuerySet[AnnualPlan]:
        queryset = AnnualPlan.objects.select_related("project")
        return queryset if user is None else restrict(queryset, user)

    @staticmethod
    def export_rows(queryset: QuerySet[AnnualPlan]) -> Iterable[Sequence[Any]]:
        for plan in queryset.order_by("project__code", "year").iterator(2000):
            yield [plan.project.code, plan.year, plan.planned_investment, plan.milestones or None]


PROGRESS_COLUMNS = (
    Column("项目编号", "project", parse_text),
    Column("月份", "period", parse_period, help="填报的月份，如 2022-06"),
    Column("当月完成投资（万元）", "investment", parse_amount, help="当月完成的投资，不是累计数；累计数由系统计算"),
    Column("形象进度", "progress", parse_text, required=False, help="当月工程形象进度"),
    Column("项目阶段", "stage", coded(Stage), choices=labels(Stage)),
)


@register_ledger
class ProgressImporter(Importer[ProgressReport]):
    kind = "progress"
    title = "月度进展"
    columns = PROGRESS_COLUMNS

    def prepare(self) -> None:
        self.projects = _ProjectIndex(self.user)

    def build(self, values: dict[str, Any]) -> ProgressReport:
        if not can_report(self.user):
            raise RowError("您的角色不能填报项目进展")
        period: Period = values["period"]
        if is_future(period):
            raise RowError(f"{period.year}年{period.month}月还没有到，不能填报", "period")
        return ProgressReport(
            project=self.projects.find(values["project"]),
            year=period.year,
            month=period.month,
            investment=values["investment"],
            progress=values["progress"] or "",
            stage=values["stage"],
            status=ProgressReport.Status.SUBMITTED,
            reported_by=self.user,
        )

    def natural_key(self, item: ProgressReport) -> Hashable:
        return (item.project_id, item.year, item.month)

    def describe_key(self) -> str:
        return "项目编号、月份"

    def check_all(self, rows: Sequence[ParsedRow[ProgressReport]]) -> list[Problem]:
        items = [row.item for row in rows]
        self.existing = {
            (report.project_id, report.year, report.month): report
            for report in ProgressReport.objects.filter(
                project_id__in={item.project_id for item in items}, year__in={item.year for item in items}
            )
        }
        return _locked_problems(
            rows,
            lambda report: (report.year, report.month),
            self._unchanged,
            lambda report: f"{report.year}年{report.month}月的进展",
        )

    def _unchanged(self, item: ProgressReport) -> bool:
        current = self.existing.get((item.project_id, item.year, item.month))
        return current is not None and _same(current, item, REPORTED_FIELDS)

    def save(self, items: Sequence[ProgressReport]) -> ImportResult:
        existing = self.existing
        created: list[ProgressReport] = []
        updated: list[ProgressReport] = []
        unchanged = 0
        for item in items:
            current = existing.get((item.project_id, item.year, item.month))
            if current is None:
                created.append(item)
            elif _same(current, item, REPORTED_FIELDS):
                unchanged += 1
            else:
                current.investment, current.progress, current.stage = item.investment, item.progress, item.stage
                # A changed report goes back to its reviewer.
                current.status, current.reported_by = ProgressReport.Status.SUBMITTED, item.reported_by
                current.reviewed_by, current.reviewed_at, current.review_note = None, None, ""
                updated.append(current)
        ProgressReport.objects.bulk_create(created, batch_size=2000)
        ProgressReport.objects.bulk_update(
            updated,
            ["investment", "progress", "stage", "status", "reported_by", "reviewed_by", "reviewed_at", "review_note"],
            batch_size=1000,
        )
        history.record_bulk(created, updated)
        return ImportResult(created=len(created), updated=len(updated), unchanged=unchanged)

    @staticmethod
    def export_queryset(user: Any | None) -> QuerySet[ProgressReport]:
        queryset = ProgressReport.objects.select_related("project")
        return queryset if user is None else restrict(queryset, user)

    @staticmethod
    def export_rows(queryset: QuerySet[ProgressReport]) -> Iterable[Sequence[Any]]:
        for report in queryset.order_by("project__code", "year", "month").iterator(2000):
            yield [
                report.project.code,
                report.period.iso,
                report.investment,
                report.progress or None,
                report.get_stage_display(),
            ]
