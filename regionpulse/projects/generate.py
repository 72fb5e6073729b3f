"""A synthetic province of major-project ledgers, for benchmarks and load tests.

SYNTHETIC BENCHMARK DATA, NOT A LOADER. Every name, code and amount is invented; the region codes
are shaped like GB/T 2260 codes under a province that does not exist (990000 by default), so they
never collide with real divisions or with the demo's 150xxx districts. To be fast enough for
millions of rows, the ledger is written with raw ``cursor.executemany`` (``COPY … FROM STDIN`` on
PostgreSQL with psycopg 3) in batches of about 20,000 rows, one transaction per district, straight
into the tables: model ``save()``, validation, period locks, signals and the change history are all
bypassed (regions and organisations, a few dozen rows a district, go through ``bulk_create``, which
sends no signals either). ``delete_ledger`` removes the synthetic province, and only it, the same
raw way.

The shape follows a district's real list: project sizes are skewed (many just over 1亿元, a few of
tens of 亿元, about 15% under the 1亿元 threshold), most projects are 在建, each project is on the
list and has a plan in every generated year, and it reports every month of every year — little in
the winter months, almost all reports approved. Money is Decimal in 万元 with two decimals.

The pieces — regions, a district's organisations, a district's ledger — are also what
``regionpulse.generate.province`` builds a whole province of every app's records from.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from regionpulse.core import data_version
from regionpulse.core.credit_code import check_character
from regionpulse.core.models import Department, Enterprise, Function, Leader, Region, TaskForce
from regionpulse.generate.bulk import BATCH_ROWS, BulkWriter, Report, Statement, column, row_fields
from regionpulse.projects.classifications import Category, EmergingIndustry, Industry, Nature, Stage
from regionpulse.projects.models import AnnualPlan, Listing, Milestone, ProgressReport, Project

PROVINCE_CODE = "990000"
PROVINCE_NAME = "示例省"
DISTRICTS_PER_CITY = 10
THRESHOLD_FEN = 10_000 * 100  # 1亿元 in 分 of 万元 (hundredths), the unit amounts are generated in
SMALL_SHARE = 0.15
# Pareto shape of the size above the threshold: median ≈ 1.5亿元, 2.5% over 10亿元, a handful over 100亿元.
SIZE_SHAPE = 1.6
SIZE_CAP = 300
# Winter stops most building work: little is done in January and February, or in December. About
# half of a year's work is done by June (时间过半、任务过半 is the aim, and most projects nearly make it).
MONTH_WEIGHTS = (3, 4, 8, 10, 11, 11, 11, 11, 10, 9, 7, 5)
WINTER_WEIGHT = 6
STAGE_WEIGHTS: dict[str, int] = {
    Stage.PLANNING: 2,
    Stage.PREPARATION: 10,
    Stage.CONSTRUCTION: 70,
    Stage.COMPLETED: 10,
    Stage.PRODUCTION: 8,
}
# The share of the total planned for one year, by stage (low, high).
PLAN_SHARE: dict[str, tuple[float, float]] = {
    Stage.PLANNING: (0.0, 0.02),
    Stage.PREPARATION: (0.02, 0.08),
    Stage.CONSTRUCTION: (0.10, 0.28),
    Stage.COMPLETED: (0.05, 0.15),
    Stage.PRODUCTION: (0.05, 0.15),
}
PROGRESS_TEXT: dict[str, tuple[str, ...]] = {
    Stage.PLANNING: ("项目谋划、编制可研",),
    Stage.PREPARATION: ("办理用地、环评等前期手续", "完成立项备案", "施工图设计"),
    Stage.CONSTRUCTION: ("主体施工", "设备安装", "按计划推进", "配套工程施工"),
    Stage.COMPLETED: ("竣工验收", "收尾工程"),
    Stage.PRODUCTION: ("已投产", "试生产、产能爬坡"),
}
WINTER_TEXT = "冬季停工，做好复工准备"
PLAN_TEXT: dict[str, str] = {
    Stage.PLANNING: "完成项目谋划",
    Stage.PREPARATION: "完成前期手续、力争开工",
    Stage.CONSTRUCTION: "按季度推进主体工程",
    Stage.COMPLETED: "完成竣工验收",
    Stage.PRODUCTION: "达产达效",
}
RETURN_NOTE = "请补充形象进度照片"
CONSTRUCTION = str(Stage.CONSTRUCTION)
FINISHED = (str(Stage.COMPLETED), str(Stage.PRODUCTION))


@dataclass(frozen=True, slots=True)
class _Profile:
    """One task force's kind of project."""

    name: str
    patterns: tuple[str, ...]
    industries: tuple[str, ...]
    emerging: tuple[str, ...]
    categories: tuple[str, ...]
    responsible: Function
    weight: int


PROFILES = (
    _Profile(
        "新能源产业专班",
        ("{n}GW光伏组件项目", "{n}万千瓦风光储一体化项目", "年产{n}万吨工业硅项目", "氢能装备制造项目"),
        (Industry.C, Industry.D),
        (EmergingIndustry.NEW_ENERGY,),
        (Category.INDUSTRY,),
        Function.INDUSTRY,
        4,
    ),
    _Profile(
        "装备制造产业专班",
        ("风电塔筒制造项目", "智能装备产业园项目", "高端轴承生产线项目", "工程机械再制造项目"),
        (Industry.C,),
        (EmergingIndustry.EQUIPMENT,),
        (Category.INDUSTRY,),
        Function.INDUSTRY,
        3,
    ),
    _Profile(
        "新材料产业专班",
        ("稀土永磁材料项目", "高性能铝合金深加工项目", "特种钢材项目", "年产{n}万吨石墨负极材料项目"),
        (Industry.C, Industry.B),
        (EmergingIndustry.MATERIALS, ""),
        (Category.INDUSTRY,),
        Function.INDUSTRY,
        3,
    ),
    _Profile(
        "现代服务业专班",
        ("商贸物流园项目", "冷链物流中心项目", "文旅综合体项目", "数字经济产业园项目"),
        (Industry.F, Industry.G, Industry.R, Industry.I),
        ("", "", EmergingIndustry.DIGITAL_CREATIVE),
        (Category.INDUSTRY,),
        Function.COMMERCE,
        2,
    ),
    _Profile(
        "城市更新与基础设施专班",
        ("老旧小区改造工程", "城市道路改造工程", "供热管网改造工程", "污水处理厂提标改造工程", "综合管廊工程"),
        (Industry.N, Industry.E, Industry.D),
        ("",),
        (Category.INFRASTRUCTURE,),
        Function.HOUSING,
        3,
    ),
    _Profile(
        "社会民生专班",
        ("中小学校建设项目", "医院综合楼建设项目", "养老服务中心项目", "保障性租赁住房项目"),
        (Industry.P, Industry.Q, Industry.K),
        ("",),
        (Category.SOCIAL,),
        Function.HOUSING,
        2,
    ),
    _Profile(
        "招商引资专班",
        ("总部经济大厦项目", "新材料科技园项目", "生物医药产业园项目", "{n}万台服务器数据中心项目"),
        (Industry.C, Industry.I, Industry.L),
        (EmergingIndustry.BIOLOGY, EmergingIndustry.INFORMATION, ""),
        (Category.INDUSTRY,),
        Function.PROMOTION,
        2,
    ),
)
DEPARTMENTS = (
    (Function.DEVELOPMENT, "发展和改革委员会", "发改委"),
    (Function.INDUSTRY, "工业和信息化局", "工信局"),
    (Function.HOUSING, "住房和城乡建设局", "住建局"),
    (Function.COMMERCE, "商务局", "商务局"),
    (Function.PROMOTION, "投资促进局", "投促局"),
    (Function.STATISTICS, "统计局", "统计局"),
    (Function.FINANCE, "财政局", "财政局"),
    (Function.BUSINESS_ENVIRONMENT, "营商环境建设局", "营商局"),
    (Function.NATURAL_RESOURCES, "自然资源局", "自然资源局"),
    (Function.HUMAN_RESOURCES, "人力资源和社会保障局", "人社局"),
)
LEADER_TITLES = ("{k}委副书记、{k}长", "{k}委常委、常务副{k}长", "副{k}长", "副{k}长", "副{k}长")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("建国", "红梅", "志强", "海涛", "晓东", "丽华", "永军", "春燕", "国庆", "文博", "雪峰", "敏")
NAME_FIRST = "东西南北中新安宁永平长兴和丰泰康华青云金"
NAME_SECOND = "山河城川原阳林湖泉台峰岭桥州源宁安丰乐"
COUNTY_SUFFIXES = ("区", "区", "区", "县", "县", "旗")
PLACES = ("经济技术开发区", "高新技术产业园", "工业园区", "物流园区", "老城片区", "新区")
FIRMS = ("瑞晶", "鑫海", "华锐", "弘达", "北辰", "天工", "云帆", "德润", "博瑞", "金鹿", "宏远", "恒泰")
TRADES = ("新材料", "能源科技", "装备制造", "物流", "城市建设投资", "数字科技", "热力", "文旅发展")
ENTERPRISES_PER_DISTRICT = 24
SIZES = (1, 2, 5, 10, 20, 50)


@dataclass(frozen=True, slots=True)
class GeneratedLedger:
    """What ``generate_ledger`` wrote: the region codes and the rows of each table."""

    province: str
    cities: tuple[str, ...]
    districts: tuple[str, ...]
    counts: dict[str, int]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class LedgerExistsError(ValueError):
    """The synthetic province is already in the database; ``delete_ledger`` removes it."""


@dataclass(frozen=True, slots=True)
class District:
    code: str
    name: str
    kind: str  # 区, 县 or 旗


def _money(fen: int) -> Decimal:
    """万元 with two decimals, from a whole number of hundredths."""
    return Decimal(fen).scaleb(-2)


def _place_names(rng: random.Random) -> list[str]:
    names = [first + second for first in NAME_FIRST for second in NAME_SECOND if first != second]
    rng.shuffle(names)
    return names


def _layout(province: str, districts: int, rng: random.Random) -> tuple[list[tuple[str, str]], list[list[District]]]:
    """City (code, name) pairs and each city's districts, with GB/T 2260-shaped codes under ``province``."""
    per_city = max(DISTRICTS_PER_CITY, math.ceil(districts / 99))
    cities = math.ceil(districts / per_city)
    if per_city > 99:
        raise ValueError(f"一个省最多生成{99 * 99}个县级单位")
    names = _place_names(rng)

    def name(index: int) -> str:
        base = names[index % len(names)]
        return base if index < len(names) else f"{base}{index // len(names) + 1}"

    city_rows, district_rows = [], []
    serial = 0
    for city in range(1, cities + 1):
        city_rows.append((f"{province[:2]}{city:02d}00", f"{name(serial)}市"))
        serial += 1
        members = []
        for number in range(1, min(per_city, districts - (city - 1) * per_city) + 1):
            kind = COUNTY_SUFFIXES[serial % len(COUNTY_SUFFIXES)]
            members.append(District(f"{province[:2]}{city:02d}{number:02d}", f"{name(serial)}{kind}", kind))
            serial += 1
        district_rows.append(members)
    return city_rows, district_rows


def check_province(province: str) -> None:
    if len(province) != 6 or not province.isdigit() or not province.endswith("0000"):
        raise ValueError("省级行政区划代码应为6位数字、以0000结尾")
    if Region.objects.filter(code=province).exists():
        raise LedgerExistsError(f"行政区划{province}已存在；先用delete_ledger()删除上次生成的数据")


def create_regions(province: str, districts: int, rng: random.Random) -> tuple[Region, list[Region], list[District]]:
    """The province, its cities and ``districts`` county-level regions; the cities and counties in one list."""
    city_rows, district_rows = _layout(province, districts, rng)
    top = Region.objects.bulk_create(
        [Region(code=province, name=PROVINCE_NAME, level=Region.Level.PROVINCE, path=f"{province}/")]
    )[0]
    cities = Region.objects.bulk_create(
        [
            Region(code=code, name=name, level=Region.Level.CITY, parent=top, path=f"{top.path}{code}/")
            for code, name in city_rows
        ]
    )
    counties = Region.objects.bulk_create(
        [
            Region(
                code=member.code,
                name=member.name,
                level=Region.Level.COUNTY,
                parent=city,
                path=f"{city.path}{member.code}/",
            )
            for city, members in zip(cities, district_rows, strict=True)
            for member in members
        ]
    )
    return top, cities + counties, [member for members in district_rows for member in members]


@dataclass(frozen=True, slots=True)
class Organisations:
    departments: dict[str, int]  # function → id
    leaders: list[int]  # the first is the head of the district
    task_forces: list[tuple[int, int]]  # per profile: (task force id, leader id)
    enterprises: list[int]

    @property
    def rows(self) -> dict[str, int]:
        return {
            "departments": len(self.departments),
            "leaders": len(self.leaders),
            "task_forces": len(self.task_forces),
            "enterprises": len(self.enterprises),
        }


def create_organisations(region: Region, district: District, rng: random.Random) -> Organisations:
    """A district's departments, leaders, task forces and enterprises (a few dozen rows, by ``bulk_create``)."""
    departments = Department.objects.bulk_create(
        [
            Department(region=region, name=f"{district.name}{name}", short_name=f"{district.kind}{short}", function=f)
            for f, name, short in DEPARTMENTS
        ]
    )
    by_function = {department.function: department for department in departments}
    leaders = Leader.objects.bulk_create(
        [
            Leader(
                region=region,
                name=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
                title=title.format(k=district.kind),
            )
            for title in LEADER_TITLES
        ]
    )
    task_forces = TaskForce.objects.bulk_create(
        [
            TaskForce(
                region=region,
                name=profile.name,
                leader=leaders[index % (len(leaders) - 1) + 1],
                department=by_function[Function.DEVELOPMENT],
            )
            for index, profile in enumerate(PROFILES)
        ]
    )
    enterprises = []
    for serial in range(1, ENTERPRISES_PER_DISTRICT + 1):
        first17 = f"91{district.code}MA{serial:07d}"
        enterprises.append(
            Enterprise(
                region=region,
                name=f"{district.name[:2]}{rng.choice(FIRMS)}{rng.choice(TRADES)}有限公司",
                credit_code=first17 + check_character(first17),
                address=f"{district.name}{rng.choice(PLACES)}",
            )
        )
    Enterprise.objects.bulk_create(enterprises)
    return Organisations(
        departments={str(function): department.pk for function, department in by_function.items()},
        leaders=[leader.pk for leader in leaders],
        task_forces=[(task_force.pk, task_force.leader_id or 0) for task_force in task_forces],
        enterprises=[enterprise.pk for enterprise in enterprises],
    )


@dataclass
class LedgerWriter:
    """The ledger's statements, its timestamps and the shared bulk writer of the run."""

    years: tuple[int, ...]
    bulk: BulkWriter
    projects: Statement = field(init=False)
    listings: Statement = field(init=False)
    plans: Statement = field(init=False)
    reports: Statement = field(init=False)
    ids_sql: str = field(init=False)
    now: Any = field(init=False)
    reviewed_at: dict[tuple[int, int], Any] = field(init=False)

    def __post_init__(self) -> None:
        ops = connection.ops
        # Each row gives its model's fields in the model's order. Generated reports were reported and
        # reviewed by no user, and start at the first version.
        self.projects = Statement.of(Project, row_fields(Project))
        self.listings = Statement.of(Listing, row_fields(Listing))
        self.plans = Statement.of(AnnualPlan, row_fields(AnnualPlan))
        report_fields = row_fields(ProgressReport, leave=("version", "reported_by", "reviewed_by"))
        self.reports = Statement.of(ProgressReport, report_fields)
        code, pk = ops.quote_name(column(Project, "code")), ops.quote_name(column(Project, "id"))
        table = ops.quote_name(Project._meta.db_table)
        self.ids_sql = f"SELECT {code}, {pk} FROM {table} WHERE {code} >= %s AND {code} <= %s"  # noqa: S608
        self.now = ops.adapt_datetimefield_value(timezone.now())
        # Reports are reviewed early in the following month.
        self.reviewed_at = {
            (year, month): ops.adapt_datetimefield_value(
                timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 10, 9, 30))
            )
            for year in self.years
            for month in range(1, 13)
        }

    @staticmethod
    def rows_per_project(years: int) -> int:
        """A project's rows: itself, and a listing, a plan and twelve reports each year."""
        return 1 + 2 * years + 12 * years

    def write(self, cursor: Any, table: str, statement: Statement, rows: list[tuple[Any, ...]]) -> None:
        self.bulk.write(cursor, table, statement, rows)


@dataclass(slots=True)
class _Project:
    code: str
    total: int  # hundredths of 万元
    stage: str
    plans: list[int]  # per year, hundredths of 万元


def _project_rows(
    rng: random.Random,
    region_id: int,
    district: District,
    orgs: Organisations,
    serials: range,
    width: int,
    writer: LedgerWriter,
) -> tuple[list[_Project], list[tuple[Any, ...]]]:
    ops = connection.ops
    first_year, last_year = writer.years[0], writer.years[-1]
    profiles = range(len(PROFILES))
    profile_weights = [profile.weight for profile in PROFILES]
    stages, stage_weights = [str(stage) for stage in STAGE_WEIGHTS], list(STAGE_WEIGHTS.values())
    prefix = district.name[:2]
    projects, rows = [], []
    for serial in serials:
        index = rng.choices(profiles, profile_weights)[0]
        profile = PROFILES[index]
        task_force, leader = orgs.task_forces[index]
        stage = rng.choices(stages, stage_weights)[0]
        if rng.random() < SMALL_SHARE:
            total = rng.randrange(1_500 * 100, THRESHOLD_FEN)
        else:
            total = round(THRESHOLD_FEN * min(rng.paretovariate(SIZE_SHAPE), SIZE_CAP))
        low, high = PLAN_SHARE[stage]
        share = rng.uniform(low, high)
        plans = [round(total * share * rng.uniform(0.85, 1.15)) for _ in writer.years]
        start = datetime.date(first_year - rng.randrange(3), rng.randrange(1, 13), 1)
        # Work still under way is planned to finish after the last listed year.
        finish = start.year + rng.randrange(2, 5)
        if stage not in FINISHED:
            finish = max(finish, last_year + rng.randrange(1, 3))
        code = f"X{district.code}-{serial:0{width}d}"
        projects.append(_Project(code, total, stage, plans))
        rows.append(
            (
                region_id,
                code,
                f"{prefix}{rng.choice(profile.patterns).format(n=rng.choice(SIZES))}",
                rng.choice(orgs.enterprises),
                str(rng.choice(profile.industries)),
                str(rng.choice(profile.emerging)),
                str(rng.choice(profile.categories)),
                str(Nature.NEW if rng.random() < 0.4 else Nature.CONTINUING),
                _money(total),
                f"{district.name}{rng.choice(PLACES)}",
                ops.adapt_datefield_value(start),
                ops.adapt_datefield_value(start.replace(year=finish)),
                stage,
                leader or None,
                task_force,
                orgs.departments[profile.responsible],
                writer.now,
            )
        )
    return projects, rows


def _dependent_rows(
    rng: random.Random, projects: list[_Project], ids: dict[str, int], writer: LedgerWriter
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    listings, plans, reports = [], [], []
    years, last_year = writer.years, writer.years[-1]
    weight_sum = sum(MONTH_WEIGHTS)
    states = ProgressReport.Status
    approved, submitted, returned, draft = (
        str(state) for state in (states.APPROVED, states.SUBMITTED, states.RETURNED, states.DRAFT)
    )
    for project in projects:
        pk = ids[project.code]
        finished = project.stage in FINISHED
        texts = PROGRESS_TEXT[project.stage]
        for year, plan in zip(years, project.plans, strict=True):
            listings.append((pk, year))
            plans.append((pk, year, _money(plan), PLAN_TEXT[project.stage]))
            # Most projects keep pace with the year; about one in eight falls well behind.
            if project.stage in (Stage.PLANNING, Stage.PREPARATION):
                rate = rng.uniform(0.0, 0.6)
            elif rng.random() < 0.125:
                rate = rng.uniform(0.1, 0.35)
            else:
                rate = rng.uniform(0.9, 1.3)
            done = plan * rate / weight_sum
            # A project finished now was being built in the earlier years.
            stage = CONSTRUCTION if finished and year != last_year else project.stage
            for month, weight in enumerate(MONTH_WEIGHTS, start=1):
                draw = rng.random()
                if year == last_year and month == 12:
                    status = approved if draw < 0.6 else submitted
                elif draw < 0.965:
                    status = approved
                elif draw < 0.98:
                    status = submitted
                elif draw < 0.993:
                    status = returned
                else:
                    status = draft
                reviewed = status in (approved, returned)
                reports.append(
                    (
                        pk,
                        year,
                        month,
                        _money(round(done * weight * rng.uniform(0.85, 1.15))),
                        WINTER_TEXT if weight < WINTER_WEIGHT and stage == CONSTRUCTION else texts[month % len(texts)],
                        stage,
                        status,
                        writer.reviewed_at[(year, month)] if reviewed else None,
                        RETURN_NOTE if status == returned else "",
                        writer.now,
                    )
                )
    return listings, plans, reports


def write_district_ledger(
    region: Region, district: District, orgs: Organisations, count: int, rng: random.Random, writer: LedgerWriter
) -> dict[str, int]:
    """Write ``count`` projects of a district with their listings, plans and reports; their ids by code."""
    width = max(5, len(str(count)))
    per_chunk = max(1, BATCH_ROWS // (12 * len(writer.years)))
    written: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(1, count + 1, per_chunk):
            serials = range(start, min(start + per_chunk, count + 1))
            projects, rows = _project_rows(rng, region.pk, district, orgs, serials, width, writer)
            writer.write(cursor, "projects", writer.projects, rows)
            cursor.execute(writer.ids_sql, [projects[0].code, projects[-1].code])
            ids = dict(cursor.fetchall())
            written.update(ids)
            listings, plans, reports = _dependent_rows(rng, projects, ids, writer)
            writer.write(cursor, "listings", writer.listings, listings)
            writer.write(cursor, "plans", writer.plans, plans)
            writer.write(cursor, "reports", writer.reports, reports)
    return written


def _district_ledger(region: Region, district: District, count: int, seed: str, writer: LedgerWriter) -> None:
    rng = random.Random(f"{seed}:{district.code}")  # noqa: S311 - synthetic data, repeatable by design
    with transaction.atomic(), data_version.changed_once():
        orgs = create_organisations(region, district, rng)
        for table, number in orgs.rows.items():
            writer.bulk.counts[table] = writer.bulk.counts.get(table, 0) + number
        write_district_ledger(region, district, orgs, count, rng, writer)


def check_years(years: tuple[int, ...]) -> None:
    if not years or list(years) != sorted(set(years)):
        raise ValueError("年度应按先后列出且不重复")


def generate_ledger(
    districts: int,
    projects_per_district: int,
    years: tuple[int, ...] = (2020, 2021, 2022),
    progress: Report | None = None,
    seed: str = "regionpulse-synthetic-ledger",
    *,
    province: str = PROVINCE_CODE,
) -> GeneratedLedger:
    """Write a synthetic province of ``districts`` county-level regions with ``projects_per_district`` each.

    Every project is listed, planned and reported (every month) in each of ``years``. The same
    arguments give the same ledger. ``progress(done, total)`` is called after every batch with the
    ledger rows (projects, listings, plans, reports) written so far. Raises ``LedgerExistsError``
    when the province is already there.
    """
    if districts < 1 or projects_per_district < 1:
        raise ValueError("至少生成1个县级单位、每个县级单位至少1个项目")
    check_years(years)
    check_province(province)
    began = time.perf_counter()
    rng = random.Random(f"{seed}:layout")  # noqa: S311 - synthetic data, repeatable by design
    counts = dict.fromkeys(
        (
            "regions",
            "departments",
            "leaders",
            "task_forces",
            "enterprises",
            "projects",
            "listings",
            "plans",
            "reports",
        ),
        0,
    )
    expected = districts * projects_per_district * LedgerWriter.rows_per_project(len(years))
    writer = LedgerWriter(tuple(years), BulkWriter(expected, progress, counts))
    with transaction.atomic(), data_version.changed_once():
        top, regions, layout = create_regions(province, districts, rng)
    counts["regions"] = 1 + len(regions)
    by_code = {region.code: region for region in regions}
    for district in layout:
        _district_ledger(by_code[district.code], district, projects_per_district, seed, writer)
    return GeneratedLedger(
        province=top.code,
        cities=tuple(region.code for region in regions if region.level == Region.Level.CITY),
        districts=tuple(district.code for district in layout),
        counts=counts,
        seconds=time.perf_counter() - began,
    )


def delete_statements(regions: list[int]) -> list[tuple[type[Model], str]]:
    """The raw deletes, in order, that remove the ledger and the organisations of ``regions`` (ids)."""
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(regions))
    projects = (
        f"SELECT {quote(column(Project, 'id'))} FROM {quote(Project._meta.db_table)}"  # noqa: S608 - names from the model
        f" WHERE {quote(column(Project, 'region'))} IN ({marks})"
    )
    statements: list[tuple[type[Model], str]] = [
        (model, f"{quote(column(model, 'project'))} IN ({projects})")
        for model in (ProgressReport, AnnualPlan, Listing, Milestone)
    ]
    statements += [
        (model, f"{quote(column(model, 'region'))} IN ({marks})")
        for model in (Project, TaskForce, Leader, Department, Enterprise)
    ]
    return statements


def run_deletes(statements: list[tuple[type[Model], str]], regions: list[int]) -> int:
    """Run each ``(model, where)`` delete with the region ids bound to its marks; the rows removed."""
    quote = connection.ops.quote_name
    deleted = 0
    with transaction.atomic(), data_version.changed_once(), connection.cursor() as cursor:
        for model, where in statements:
            # Each condition is one IN list of the region ids.
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)} WHERE {where}", regions)  # noqa: S608
            deleted += cursor.rowcount
    return deleted


def province_regions(province: str = PROVINCE_CODE) -> list[int]:
    return list(Region.objects.filter(path__startswith=f"{province}/").values_list("pk", flat=True))


def delete_ledger(province: str = PROVINCE_CODE) -> int:
    """Remove a generated province and everything under it, with raw deletes; the rows removed."""
    regions = province_regions(province)
    if not regions:
        return 0
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(regions))
    statements = delete_statements(regions)
    statements.append((Region, f"{quote(column(Region, 'id'))} IN ({marks})"))
    return run_deletes(statements, regions)
