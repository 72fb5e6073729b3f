"""A district's generated service desk: requests and project problems with the events the state
machine (``desk/states.py``) writes for them, approval cases, and the key-enterprise list.

Each request walks 新提交 → 已受理 → 已办结 → 已确认 on working-day deadlines, one event a step
(notes only where a step needs one, so the events stay compact); a few are sent back (退回重办)
and resolved again, a few run past their deadline and are escalated, and those still open on the
last generated day stay open. Durations are skewed: most are resolved in a week or two, some take
far longer than promised.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from regionpulse.core.models import Function, Region
from regionpulse.demo.desk import APPROVAL_ITEMS  # (item, statutory days, promised days)
from regionpulse.desk.models import ApprovalCase, Category, Event, KeyEnterprise, Request, Source, State
from regionpulse.desk.states import ACCEPT_DAYS, REPLY_DAYS, RESOLVE_DAYS
from regionpulse.generate.bulk import BulkWriter, column, day, moment, row_fields, table
from regionpulse.generate.calendar import WorkCalendar
from regionpulse.projects.generate import Organisations

# (category, its weight, the function of the department that answers it, titles)
TOPICS = (
    (Category.APPROVAL, 20, Function.BUSINESS_ENVIRONMENT, ("项目备案变更", "施工许可证办理进度", "环评审批协调")),
    (Category.LAND, 12, Function.NATURAL_RESOURCES, ("项目用地指标协调", "不动产权证办理", "临时用地审批")),
    (Category.ENERGY, 8, Function.DEVELOPMENT, ("用能指标申请", "双回路供电接入", "能评审查协调")),
    (Category.FINANCE, 15, Function.FINANCE, ("流动资金贷款对接", "担保融资协调", "技改贴息申报")),
    (Category.LABOUR, 10, Function.HUMAN_RESOURCES, ("技术工人招聘", "员工宿舍协调", "稳岗补贴申领")),
    (Category.FACILITIES, 12, Function.HOUSING, ("厂区道路接通", "供水管网接入", "天然气管线配套")),
    (Category.POLICY, 15, Function.INDUSTRY, ("技改奖补资金兑现", "首台套奖励兑现", "研发费用补助")),
    (Category.OTHER, 8, Function.BUSINESS_ENVIRONMENT, ("子女入学协调", "企业周边交通组织", "物流车辆通行证")),
)  # fmt: skip
SOURCES = ((Source.PORTAL, 50), (Source.SERVICE_ZONE, 20), (Source.VISIT, 15), (Source.MEETING, 15))
RESOLUTIONS = ("已协调相关部门办理完毕", "已现场办公解决", "已出具书面答复并落实", "已纳入专项资金并拨付")
REOPEN_NOTE = "问题未彻底解决，请继续协调"
RATINGS = ((5, 60), (4, 25), (3, 10), (2, 3), (1, 2))
COMPLEX_SHARE = 0.15
# Working days to resolve: lognormal around a week (two for complex cases); a few never are.
RESOLVE_MEDIAN = {Request.Complexity.ORDINARY: 6.0, Request.Complexity.COMPLEX: 13.0}
RESOLVE_SIGMA = 0.6
STUCK_SHARE = 0.01
REOPEN_SHARE = 0.05
UNCONFIRMED_SHARE = 0.03
YEAR_GROWTH = 1.15
APPROVAL_DRIFT = (-2, -1, -1, 0, 0, 0, 0, 1, 2)
KEY_ENTERPRISES = 8

# Each row gives its model's fields in the model's order. No user raised a generated request or took
# its steps: who did so stays empty.
REQUEST_FIELDS = row_fields(Request, leave=("raised_by",))
EVENT_FIELDS = row_fields(Event, leave=("by",))
APPROVAL_FIELDS = row_fields(ApprovalCase)


@dataclass(frozen=True, slots=True)
class DeskShape:
    requests: int  # over all the years
    approvals: int  # a year


@dataclass(slots=True)
class _Life:
    """A request's steps as (state, date, note), and what the row keeps of them."""

    raised: datetime.date
    resolve_by: datetime.date
    steps: list[tuple[str, datetime.date, str]] = field(default_factory=list)
    accepted: datetime.date | None = None
    resolved: datetime.date | None = None
    resolution: str = ""
    confirmed: datetime.date | None = None
    rating: int | None = None
    escalated: datetime.date | None = None

    def step(self, state: str, on: datetime.date, note: str = "") -> None:
        self.steps.append((state, on, note))

    @property
    def state(self) -> str:
        return self.steps[-1][0]


def _life(
    rng: random.Random, calendar: WorkCalendar, raised: datetime.date, complexity: str, end: datetime.date
) -> _Life:
    """What happens to a request raised on ``raised``, up to ``end``: the steps ``states.take`` would write."""
    limit = RESOLVE_DAYS[Request.Complexity(complexity)]
    life = _Life(raised, calendar.add(raised, limit))
    life.step(State.SUBMITTED, raised)
    accepted = calendar.add(raised, rng.choice((0, 1, 1, 1, 2)))
    if accepted > end:
        return life
    life.accepted = accepted
    life.step(State.ACCEPTED, accepted)
    if rng.random() < STUCK_SHARE:
        resolved = end + datetime.timedelta(days=1)
    else:
        median = RESOLVE_MEDIAN[Request.Complexity(complexity)]
        days = max(1, round(median * math.exp(rng.gauss(0, RESOLVE_SIGMA))))
        resolved = calendar.add(raised, days)
    if resolved > life.resolve_by:
        # Past its deadline: escalated to the 包联领导 the next working day (if that came to pass).
        escalated = calendar.add(life.resolve_by, 1)
        life.escalated = escalated if escalated <= end and escalated < resolved else None
    if resolved > end:
        return life
    life.resolution = rng.choice(RESOLUTIONS)
    life.resolved = resolved
    life.step(State.RESOLVED, resolved, life.resolution)
    if rng.random() < REOPEN_SHARE:
        reopened = resolved + datetime.timedelta(days=rng.randint(1, 5))
        if reopened > end:
            return life
        # Worked again on a fresh deadline; the first resolution stays in the events only.
        life.step(State.REOPENED, reopened, REOPEN_NOTE)
        life.resolved, life.escalated = None, None
        life.resolve_by = calendar.add(reopened, limit)
        again = calendar.add(reopened, rng.randint(2, limit))
        if again > end:
            return life
        life.resolved = again
        life.step(State.RESOLVED, again, life.resolution)
        resolved = again
    if rng.random() < UNCONFIRMED_SHARE:
        return life
    confirmed = resolved + datetime.timedelta(days=rng.randint(0, 5))
    if confirmed > end:
        return life
    life.confirmed = confirmed
    life.rating = rng.choices([rating for rating, _ in RATINGS], [weight for _, weight in RATINGS])[0]
    life.step(State.CONFIRMED, confirmed)
    return life


def _raised_days(rng: random.Random, calendar: WorkCalendar, years: tuple[int, ...], count: int) -> list[datetime.date]:
    cells = [(year, month) for year in years for month in range(1, 13)]
    # Fewer at the Spring Festival; more each year as the desk becomes known.
    weights = [
        YEAR_GROWTH**index * (6 if month in (1, 2) else 10) for index in range(len(years)) for month in range(1, 13)
    ]
    days = [calendar.in_month(rng, *cell) for cell in rng.choices(cells, weights, k=count)]
    days.sort()
    return days


def _request_rows(
    rng: random.Random,
    calendar: WorkCalendar,
    region: Region,
    code: str,
    orgs: Organisations,
    projects: list[int],
    shape: DeskShape,
    years: tuple[int, ...],
) -> tuple[list[tuple[Any, ...]], list[_Life]]:
    end = datetime.date(years[-1], 12, 31)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    topic_weights = [weight for _, weight, _, _ in TOPICS]
    sources, source_weights = [source for source, _ in SOURCES], [weight for _, weight in SOURCES]
    head = orgs.leaders[0]
    rows, lives = [], []
    for serial, raised in enumerate(_raised_days(rng, calendar, years, shape.requests), start=1):
        category, _, function, titles = rng.choices(TOPICS, topic_weights)[0]
        complexity = Request.Complexity.COMPLEX if rng.random() < COMPLEX_SHARE else Request.Complexity.ORDINARY
        source = rng.choices(sources, source_weights)[0]
        # A problem raised at a 专班's scheduling meeting is a project's; the rest are an enterprise's.
        project = rng.choice(projects) if source == Source.MEETING and projects else None
        title = rng.choice(titles)
        life = _life(rng, calendar, raised, complexity, end)
        lives.append(life)
        rows.append(
            (
                region.pk,
                f"SQ{code}-{serial:06d}",
                title,
                f"企业反映：{title}，请协调办理。",
                str(category),
                str(complexity),
                str(source),
                None if project else rng.choice(orgs.enterprises),
                project,
                orgs.departments[str(function)],
                life.state,
                day(raised),
                day(calendar.add(raised, ACCEPT_DAYS)),
                day(calendar.add(raised, REPLY_DAYS)),
                day(life.resolve_by),
                None if life.accepted is None else day(life.accepted),
                None if life.resolved is None else day(life.resolved),
                None if life.confirmed is None else day(life.confirmed),
                None if life.resolved is None else calendar.between(raised, life.resolved),
                life.resolution if life.resolved is not None else "",
                life.rating,
                None if life.escalated is None else day(life.escalated),
                None if life.escalated is None else head,
                now,
            )
        )
    return rows, lives


def _approval_rows(
    rng: random.Random, calendar: WorkCalendar, region: Region, orgs: Organisations, count: int, years: tuple[int, ...]
) -> list[tuple[Any, ...]]:
    end = datetime.date(years[-1], 12, 31)
    rows = []
    for year in years:
        for _ in range(count):
            item, statutory, promised = rng.choice(APPROVAL_ITEMS)
            received = calendar.in_month(rng, year, rng.randint(1, 12))
            finished: datetime.date | None = calendar.add(received, max(1, promised + rng.choice(APPROVAL_DRIFT)))
            if finished is not None and finished > end:
                finished = None
            rows.append(
                (
                    region.pk,
                    item,
                    rng.choice(orgs.enterprises),
                    statutory,
                    promised,
                    day(received),
                    None if finished is None else day(finished),
                    None if finished is None else calendar.between(received, finished),
                )
            )
    return rows


def write_district_desk(
    cursor: Any,
    writer: BulkWriter,
    region: Region,
    code: str,
    orgs: Organisations,
    projects: list[int],
    shape: DeskShape,
    years: tuple[int, ...],
    calendar: WorkCalendar,
    rng: random.Random,
) -> None:
    """Write the district's requests with their events, its approval cases and its key enterprises."""
    rows, lives = _request_rows(rng, calendar, region, code, orgs, projects, shape, years)
    writer.rows(cursor, "requests", Request, REQUEST_FIELDS, rows)
    quote = connection.ops.quote_name
    number, pk, where = (quote(column(Request, name)) for name in ("number", "id", "region"))
    cursor.execute(f"SELECT {number}, {pk} FROM {table(Request)} WHERE {where} = %s", [region.pk])  # noqa: S608
    ids = dict(cursor.fetchall())
    events = []
    for row, life in zip(rows, lives, strict=True):
        request, source = ids[row[1]], ""
        for state, on, note in life.steps:
            events.append((request, source, state, note, day(on), moment(on)))
            source = state
    writer.rows(cursor, "request_events", Event, EVENT_FIELDS, events)
    approvals = _approval_rows(rng, calendar, region, orgs, shape.approvals, years)
    writer.rows(cursor, "approval_cases", ApprovalCase, APPROVAL_FIELDS, approvals)
    keys = KeyEnterprise.objects.bulk_create(
        [KeyEnterprise(region=region, enterprise_id=pk, since=years[0]) for pk in orgs.enterprises[:KEY_ENTERPRISES]]
    )
    writer.counts["key_enterprises"] = writer.counts.get("key_enterprises", 0) + len(keys)


def rows_per_district(shape: DeskShape, years: int) -> int:
    """About how many rows ``write_district_desk`` writes (for the progress bar): four events a request."""
    return shape.requests * 5 + shape.approvals * years
