"""The desk's sheets — the request ledger (诉求台账) and the approval cases — imported whole or not at all.

A request row carries its dates; its state follows from them (raised → accepted → resolved →
confirmed), its deadlines and working days are computed, never read from the sheet.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from django.db.models import QuerySet

from regionpulse.core.importing import CellError, Column, Importer, ImportResult, KeptBy, RowError, save_matched
from regionpulse.core.lookups import RegionIndex
from regionpulse.core.models import Department, Enterprise, Function
from regionpulse.core.registry import register_ledger
from regionpulse.core.scopes import keeps, restrict
from regionpulse.core.spreadsheets import parse_text
from regionpulse.desk.models import ApprovalCase, Category, Request, Source, State
from regionpulse.desk.states import set_deadlines
from regionpulse.desk.workdays import working_days_between
from regionpulse.projects.importers import coded, labels
from regionpulse.promotion.importers import parse_past_date


def is_desk_keeper(user: Any) -> bool:
    """The desk's keepers: the business-environment bureau and administrators (None is the command line)."""
    return keeps(user, Function.BUSINESS_ENVIRONMENT)


def parse_rating(value: Any) -> int:
    text = parse_text(value)
    if text not in {"1", "2", "3", "4", "5"}:
        raise CellError(f"“{text}”不是1到5分的评价")
    return int(text)


def parse_days(value: Any) -> int:
    text = parse_text(value)
    if not (len(text) <= 3 and text.isdigit() and 0 < int(text) <= 365):
        raise CellError(f"“{text}”不是1到365之间的工作日数")
    return int(text)


class _Keeper(KeptBy):
    keeper = Function.BUSINESS_ENVIRONMENT
    keeper_name = "营商环境部门"


class _Lookups:
    def __init__(self, user: Any) -> None:
        from regionpulse.projects.models import Project

        self.regions = RegionIndex(user)
        self.enterprises: dict[str, Enterprise] = {}
        for enterprise in Enterprise.objects.all():
            self.enterprises.setdefault(enterprise.name, enterprise)
            if enterprise.credit_code:
                self.enterprises[enterprise.credit_code] = enterprise
        self.departments: dict[tuple[int, str], Department] = {}
        for department in Department.objects.all():
            for name in (department.name, department.short_name):
                if name:
                    self.departments.setdefault((department.region_id, name), department)
        self.projects = {project.code: project for project in Project.objects.only("pk", "code", "name", "owner_id")}

    def enterprise(self, text: str | None, column: str = "enterprise") -> Enterprise | None:
        if not text:
            return None
        found = self.enterprises.get(text) or self.enterprises.get(text.upper())
        if found is None:
            raise RowError(f"企业名录中没有“{text}”", column)
        return found

    def department(self, region_id: int, text: str | None) -> Department | None:
        if not text:
            return None
        found = self.departments.get((region_id, text))
        if found is None:
            raise RowError(f"没有名为“{text}”的部门", "department")
        return found


REQUEST_COLUMNS = (
    Column("诉求编号", "number", parse_text, help="本台账内唯一，如 KDL-SQ-2022-001；已有编号的行更新该诉求"),
    Column("所属地区", "region", parse_text),
    Column("诉求标题", "title", parse_text),
    Column("诉求内容", "description", parse_text),
    Column("类别", "category", coded(Category), choices=labels(Category)),
    Column("复杂程度", "complexity", coded(Request.Complexity), choices=labels(Request.Complexity)),
    Column("来源", "source", coded(Source), choices=labels(Source)),
    Column("企业", "enterprise", parse_text, required=False, help="企业名称或统一社会信用代码"),
    Column("重大项目编号", "project", parse_text, required=False),
    Column("承办部门", "department", parse_text, required=False),
    Column("提交日期", "raised_on", parse_past_date),
    Column("受理日期", "accepted_on", parse_past_date, required=False),
    Column("办结日期", "resolved_on", parse_past_date, required=False),
    Column("办理结果", "resolution", parse_text, required=False),
    Column("确认日期", "confirmed_on", parse_past_date, required=False),
    Column("满意度", "rating", parse_rating, required=False, help="1到5分"),
)
# What a row changes in a stored request: its columns but for the number the request is matched by,
# and what follows from them (the state, the deadlines, the working days).
REQUEST_FIELDS = [
    *(column.key for column in REQUEST_COLUMNS if column.key != "number"),
    "state",
    "accept_by",
    "reply_by",
    "resolve_by",
    "working_days",
]


def state_from_dates(values: dict[str, Any]) -> str:
    """The state the dates say, each date after the one before it, and what each stage needs."""
    order = [("accepted_on", "受理"), ("resolved_on", "办结"), ("confirmed_on", "确认")]
    previous, previous_label = values["raised_on"], "提交"
    reached = State.SUBMITTED
    states = {"accepted_on": State.ACCEPTED, "resolved_on": State.RESOLVED, "confirmed_on": State.CONFIRMED}
    for field, label in order:
        day = values.get(field)
        if day is None:
            later = [name for name, _ in order[order.index((field, label)) + 1 :] if values.get(name)]
            if later:
                raise RowError(f"已填写后续日期，{label}日期不能为空", field)
            break
        if day < previous:
            raise RowError(f"{label}日期早于{previous_label}日期", field)
        previous, previous_label, reached = day, label, states[field]
    if values.get("resolved_on") and not values.get("resolution"):
        raise RowError("已办结的诉求须填写办理结果", "resolution")
    if values.get("confirmed_on") and values.get("rating") is None:
        raise RowError("已确认的诉求须填写满意度", "rating")
    return reached


@register_ledger
class RequestImporter(_Keeper, Importer[Request]):
    kind = "requests"
    title = "企业诉求台账"
    columns = REQUEST_COLUMNS

    def prepare(self) -> None:
        self.lookups = _Lookups(self.user)
        self.existing = {
            request.number: request
            for request in Request.objects.only(
                "pk", "number", "region_id", "state", "raised_on", "complexity", "accept_by", "reply_by", "resolve_by"
            )
        }

    def build(self, values: dict[str, Any]) -> Request:
        self.ensure_keeper()
        region = self.lookups.regions.find(values["region"], "region")
        project = None
        if values["project"]:
            project = self.lookups.projects.get(values["project"])
            if project is None:
                raise RowError(f"没有编号为“{values['project']}”的重大项目", "project")
        enterprise = self.lookups.enterprise(values["enterprise"])
        if enterprise is None and project is None:
            raise RowError("企业和重大项目至少填写一项", "enterprise")
        state = state_from_dates(values)
        current = self.existing.get(values["number"])
        if current is not None and current.region_id != region.pk:
            raise RowError(f"编号“{values['number']}”已是另一地区的诉求，请换一个编号", "number")
        request = Request(
            pk=current.pk if current else None,
            region=region,
            number=values["number"],
            title=values["title"],
            description=values["description"],
            category=values["category"],
            complexity=values["complexity"],
            source=values["source"],
            enterprise=enterprise or (project.owner if project else None),
            project=project,
            department=self.lookups.department(region.pk, values["department"]),
            state=state,
            raised_on=values["raised_on"],
            accepted_on=values["accepted_on"],
            resolved_on=values["resolved_on"],
            confirmed_on=values["confirmed_on"],
            resolution=values["resolution"] or "",
            rating=values["rating"],
        )
        set_deadlines(request, request.raised_on)
        if current is not None:
            _keep_desk_work(current, request)
        request.working_days = (
            working_days_between(request.raised_on, request.resolved_on) if request.resolved_on else None
        )
        return request

    def natural_key(self, item: Request) -> Hashable:
        return item.number

    def describe_key(self) -> str:
        return "诉求编号"

    def save(self, items: Sequence[Request]) -> ImportResult:
        created, updated = save_matched(Request, items, REQUEST_FIELDS)
        return ImportResult.of(items, created, updated)

    @staticmethod
    def export_queryset(user: Any | None) -> QuerySet[Request]:
        queryset = Request.objects.select_related("region", "enterprise", "project", "department")
        return queryset if user is None else restrict(queryset, user)

    @staticmethod
    def export_rows(queryset: QuerySet[Request]) -> Iterable[Sequence[Any]]:
        for request in queryset.order_by("raised_on", "id").iterator(2000):
            yield [
                request.number,
                request.region.code,
                request.title,
                request.description,
                request.get_category_display(),
                request.get_complexity_display(),
                request.get_source_display(),
                request.enterprise.name if request.enterprise else None,
                request.project.code if request.project else None,
                request.department.name if request.department else None,
                request.raised_on,
                request.accepted_on,
                request.resolved_on,
                request.resolution or None,
                request.confirmed_on,
                request.rating,
            ]


def _keep_desk_work(current: Request, request: Request) -> None:
    """What the sheet cannot say but the desk did: a request being worked (办理中) or reopened (退回重办)
    whose dates the sheet repeats stays so, with the deadline its reopening set."""
    worked = {State.IN_PROGRESS, State.REOPENED}
    if current.state in worked and request.state == State.ACCEPTED:
        request.state = current.state
    if (current.raised_on, current.complexity) == (request.raised_on, request.complexity):
        request.accept_by, request.reply_by, request.resolve_by = (
            current.accept_by,
            current.reply_by,
            current.resolve_by,
        )


APPROVAL_FIELDS = ["statutory_days", "promised_days", "finished_on", "working_days"]
APPROVAL_COLUMNS = (
    Column("所属地区", "region", parse_text),
    Column("审批事项", "item", parse_text),
    Column("申请企业", "applicant", parse_text, required=False),
    Column("法定时限（工作日）", "statutory_days", parse_days),
    Column("承诺时限（工作日）", "promised_days", parse_days),
    Column("受理日期", "received_on", parse_past_date),
    Column("办结日期", "finished_on", parse_past_date, required=False),
)


@register_ledger
class ApprovalImporter(_Keeper, Importer[ApprovalCase]):
    kind = "approvals"
    title = "审批件"
    columns = APPROVAL_COLUMNS

    def prepare(self) -> None:
        self.lookups = _Lookups(self.user)

    def build(self, values: dict[str, Any]) -> ApprovalCase:
        self.ensure_keeper()
        if values["promised_days"] > values["statutory_days"]:
            raise RowError("承诺时限不能长于法定时限", "promised_days")
        if values["finished_on"] and values["finished_on"] < values["received_on"]:
            raise RowError("办结日期早于受理日期", "finished_on")
        case = ApprovalCase(
            region=self.lookups.regions.find(values["region"], "region"),
            item=values["item"],
            applicant=self.lookups.enterprise(values["applicant"], "applicant"),
            statutory_days=values["statutory_days"],
            promised_days=values["promised_days"],
            received_on=values["received_on"],
            finished_on=values["finished_on"],
        )
        case.working_days = working_days_between(case.received_on, case.finished_on) if case.finished_on else None
        return case

    def natural_key(self, item: ApprovalCase) -> Hashable:
        return (item.region.pk, item.item, item.applicant.pk if item.applicant else None, item.received_on)

    def describe_key(self) -> str:
        return "地区、事项、申请企业、受理日期"

    def save(self, items: Sequence[ApprovalCase]) -> ImportResult:
        stored = ApprovalCase.objects.filter(received_on__in={item.received_on for item in items})
        matched = {(case.region_id, case.item, case.applicant_id, case.received_on): case.pk for case in stored}
        for item in items:
            item.pk = matched.get(self.natural_key(item))  # type: ignore[call-overload]
        created, updated = save_matched(ApprovalCase, items, APPROVAL_FIELDS)
        return ImportResult.of(items, created, updated)

    @staticmethod
    def export_queryset(user: Any | None) -> QuerySet[ApprovalCase]:
        queryset = ApprovalCase.objects.select_related("region", "applicant")
        return queryset if user is None else restrict(queryset, user)

    @staticmethod
    def export_rows(queryset: QuerySet[ApprovalCase]) -> Iterable[Sequence[Any]]:
        for case in queryset.order_by("received_on", "id").iterator(2000):
            yield [
                case.region.code,
                case.item,
                case.applicant.name if case.applicant else None,
                case.statutory_days,
                case.promised_days,
                case.received_on,
                case.finished_on,
            ]
