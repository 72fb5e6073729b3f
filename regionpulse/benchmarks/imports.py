"""The major-project ledger import of 10,000 rows, against two baselines on the same file and database.

One .xlsx of BENCH_IMPORT_ROWS (10,000) project rows is written with openpyxl in the ledger's own
layout (the import template's columns, labels as the export writes them) for ten districts of a
benchmark-only city whose departments, leaders, task forces and enterprises are created first. It is
then imported into ``projects.Project`` (and its years on the list, ``Listing``) three ways:

- the platform: ``read_rows`` + ``ProjectImporter.run`` as ``regionpulse import projects FILE`` does
  (every cell validated, all rows or none, locked periods checked, change history written);
- django-import-export 4: a ``ModelResource`` for the same model and columns, ``import_data`` in one
  transaction (no dry run first, as its admin would do), history written by the model signals;
- the floor: python-calamine parses the sheet, a dictionary lookup maps each name to its record,
  and ``bulk_create`` writes the projects and their listings — no validation and no history.

Each run starts from the same state (no imported project; the benchmark's history rows removed).
The platform and the floor run in turn BENCH_IMPORT_ROUNDS (3) times, django-import-export, which
takes minutes, BENCH_IMPORT_BASELINE_ROUNDS (1) time. The best (shortest) time of each gives its
rows per second — on a machine shared with other work the best run is the one least disturbed —
and each row's ratio is the platform's rate over the baseline's (above 1: the platform is faster). Every run
must leave the same projects and listings behind; a difference is printed as a warning. Everything
the benchmark created is removed at the end. Region codes are under 970000, a province that does
not exist, so they collide with no real or demo region.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from regionpulse.benchmarks import Row, main, row

PROVINCE = "970000"
CITY = "970100"
DISTRICTS = 10
ENTERPRISES_PER_DISTRICT = 120
YEARS = (2020, 2021, 2022)
DEPARTMENTS = (
    ("development", "发展和改革委员会", "发改委"),
    ("industry", "工业和信息化局", "工信局"),
    ("housing", "住房和城乡建设局", "住建局"),
    ("commerce", "商务局", "商务局"),
    ("promotion", "投资促进局", "投促局"),
)
TASK_FORCES = ("新能源产业专班", "装备制造产业专班", "新材料产业专班", "现代服务业专班", "城市更新专班", "社会民生专班")
LEADERS = ("王建国", "李红梅", "张志强", "刘海涛", "陈晓东", "杨丽华")
PLACE_NAMES = ("青山", "东河", "石拐", "九原", "白云", "金川", "北岭", "南湖", "西园", "中和")
FIRMS = ("瑞晶", "鑫海", "华锐", "弘达", "北辰", "天工", "云帆", "德润", "博瑞", "金鹿", "宏远", "恒泰")
TRADES = ("新材料", "能源科技", "装备制造", "物流", "城市建设投资", "数字科技", "热力", "文旅发展", "稀土科技", "冶金")
PROJECT_NAMES = (
    "年产{n}万吨工业硅项目",
    "{n}GW光伏组件项目",
    "风电塔筒制造项目",
    "稀土永磁材料项目",
    "商贸物流园项目",
    "老旧小区改造工程",
    "中小学校建设项目",
    "供热管网改造工程",
    "数字经济产业园项目",
    "智能装备产业园项目",
)
LOCATIONS = ("经济技术开发区", "高新技术产业园", "工业园区", "物流园区", "老城片区", "新区")


def _rounds() -> int:
    return int(os.environ.get("BENCH_IMPORT_ROUNDS", "3"))


def _baseline_rounds() -> int:
    """django-import-export takes minutes for 10,000 rows; one run of it is enough to compare."""
    return int(os.environ.get("BENCH_IMPORT_BASELINE_ROUNDS", "1"))


def _rows_wanted() -> int:
    return int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))


# ---------------------------------------------------------------------------------------------------
# Reference data and the workbook


@dataclass
class Fixture:
    """The regions and organisations the sheet names, and the history mark the runs start from."""

    regions: list[Any]  # the districts
    history_mark: int  # the last change record written before the benchmark


def _remove_previous() -> None:
    """Everything a previous (interrupted) run of this benchmark left behind."""
    from regionpulse.core.models import Department, Enterprise, Leader, Region, TaskForce

    regions = Region.objects.filter(path__startswith=f"{PROVINCE}/")
    if not regions.exists():
        return
    _clear_imports(list(regions.filter(level=Region.Level.COUNTY)))
    for model in (TaskForce, Department, Enterprise, Leader):
        model.objects.filter(region__in=regions)._raw_delete(model.objects.db)
    for level in (Region.Level.COUNTY, Region.Level.CITY, Region.Level.PROVINCE):
        regions.filter(level=level)._raw_delete(Region.objects.db)


def create_fixture() -> Fixture:
    from regionpulse.core.credit_code import check_character
    from regionpulse.core.models import ChangeRecord, Department, Enterprise, Leader, Region, TaskForce

    _remove_previous()
    rng = random.Random(20220630)  # noqa: S311 - benchmark data, repeatable by design
    mark = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    (province,) = Region.objects.bulk_create(
        [Region(code=PROVINCE, name="基准省", level=Region.Level.PROVINCE, path=f"{PROVINCE}/")]
    )
    (city,) = Region.objects.bulk_create(
        [Region(code=CITY, name="基准市", level=Region.Level.CITY, parent=province, path=f"{PROVINCE}/{CITY}/")]
    )
    districts = Region.objects.bulk_create(
        [
            Region(
                code=f"{CITY[:4]}{number:02d}",
                name=f"{PLACE_NAMES[number - 1]}区",
                level=Region.Level.COUNTY,
                parent=city,
                path=f"{city.path}{CITY[:4]}{number:02d}/",
            )
            for number in range(1, DISTRICTS + 1)
        ]
    )
    for district in districts:
        departments = Department.objects.bulk_create(
            [
                Department(region=district, name=f"{district.name}{name}", short_name=short, function=function)
                for function, name, short in DEPARTMENTS
            ]
        )
        leaders = Leader.objects.bulk_create([Leader(region=district, name=name, title="副区长") for name in LEADERS])
        TaskForce.objects.bulk_create(
            [
                TaskForce(region=district, name=name, leader=leaders[index], department=departments[0])
                for index, name in enumerate(TASK_FORCES)
            ]
        )
        enterprises = []
        for serial in range(1, ENTERPRISES_PER_DISTRICT + 1):
            first17 = f"91{district.code}MA{serial:07d}"
            enterprises.append(
                Enterprise(
                    region=district,
                    name=f"{district.name[:2]}{rng.choice(FIRMS)}{rng.choice(TRADES)}有限公司{serial}",
                    credit_code=first17 + check_character(first17),
                )
            )
        Enterprise.objects.bulk_create(enterprises)
    return Fixture(regions=districts, history_mark=mark)


def _ledger_rows(count: int) -> list[list[Any]]:
    """``count`` rows as the export writes them: names, labels, 万元 amounts, dates and list years."""
    from regionpulse.core.models import Department, Enterprise, Leader, Region, TaskForce
    from regionpulse.projects.classifications import Category, EmergingIndustry, Industry, Nature, Stage

    rng = random.Random(2022)  # noqa: S311 - benchmark data, repeatable by design
    districts = list(Region.objects.filter(code__startswith=CITY[:4], level=Region.Level.COUNTY).order_by("code"))
    enterprises: dict[int, list[str]] = {}
    for region_id, name in Enterprise.objects.filter(region__in=districts).values_list("region_id", "name"):
        enterprises.setdefault(region_id, []).append(name)
    departments: dict[int, list[str]] = {}
    for region_id, name in Department.objects.filter(region__in=districts).values_list("region_id", "name"):
        departments.setdefault(region_id, []).append(name)
    leaders = {d.pk: list(Leader.objects.filter(region=d).values_list("name", flat=True)) for d in districts}
    task_forces = {d.pk: list(TaskForce.objects.filter(region=d).values_list("name", flat=True)) for d in districts}
    stages = [label for _, label in Stage.choices]
    rows = []
    for index in range(count):
        district = districts[index % len(districts)]
        # Skewed sizes: many just over 1亿元, a few of tens of 亿元, some under the threshold.
        total = Decimal(round(rng.paretovariate(1.6) * 8_000 + rng.random() * 2_000, 2)).quantize(Decimal("0.01"))
        start = datetime.date(2019 + rng.randrange(4), rng.randrange(1, 13), rng.randrange(1, 28))
        finish = start + datetime.timedelta(days=rng.randrange(180, 1500))
        first_year = rng.choice(YEARS)
        years = [year for year in YEARS if year >= first_year][: rng.randrange(1, 4)]
        emerging = rng.choice([None, None, *[label for _, label in EmergingIndustry.choices]])
        rows.append(
            [
                f"BM-{district.code}-{index:05d}",
                rng.choice(PROJECT_NAMES).format(n=rng.randrange(1, 50)),
                district.code,
                rng.choice(enterprises[district.pk]) if rng.random() < 0.9 else None,
                rng.choice([Industry.C.label, Industry.C.label, Industry.D.label, Industry.F.label, Industry.N.label]),
                emerging,
                rng.choice([label for _, label in Category.choices]),
                rng.choice([label for _, label in Nature.choices]),
                total,
                f"{district.name}{rng.choice(LOCATIONS)}",
                start,
                finish,
                rng.choices(stages, weights=(2, 10, 70, 10, 8))[0],
                rng.choice(leaders[district.pk]),
                rng.choice(task_forces[district.pk]),
                rng.choice(departments[district.pk]),
                "、".join(str(year) for year in years),
            ]
        )
    return rows


def write_ledger(path: Path, count: int) -> None:
    from regionpulse.core.spreadsheets import write_workbook
    from regionpulse.projects.importers import PROJECT_COLUMNS, ProjectImporter

    with path.open("wb") as stream:
        write_workbook(stream, ProjectImporter.title, PROJECT_COLUMNS, _ledger_rows(count))


def _clear_imports(districts: Sequence[Any], history_mark: int = 0) -> None:
    """Back to the state before an import: no project in ``districts``, and none of their history
    (only theirs, written after ``history_mark``: anybody else's change records stay)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from regionpulse.core.models import ChangeRecord
    from regionpulse.projects.models import Listing, Project

    listings = Listing.objects.filter(project__region__in=districts)
    projects = Project.objects.filter(region__in=districts)
    for model, records in ((Listing, listings), (Project, projects)):
        ChangeRecord.objects.filter(
            pk__gt=history_mark,
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=records.annotate(key=Cast("pk", CharField())).values("key"),
        )._raw_delete(ChangeRecord.objects.db)
    listings._raw_delete(Listing.objects.db)
    projects._raw_delete(Project.objects.db)


def _outcome(districts: Sequence[Any]) -> tuple[Any, ...]:
    """What an import left: projects, listings and a digest of every imported value."""
    from django.db.models import Count, Sum

    from regionpulse.projects.models import Listing, Project

    projects = Project.objects.filter(region__in=districts)
    digest = projects.aggregate(
        count=Count("pk"),
        total=Sum("total_investment"),
        owners=Count("owner"),
        leaders=Sum("leader_id"),
        task_forces=Sum("task_force_id"),
        departments=Sum("department_id"),
        located=Count("location"),
        finishes=Count("planned_finish"),
    )
    by_value = sorted(
        projects.values_list("stage", "industry", "emerging_industry", "category", "nature").annotate(n=Count("pk"))
    )
    dates = sorted(projects.values_list("code", "planned_start", "planned_finish"))[:: max(1, len(districts) * 50)]
    listings = Listing.objects.filter(project__region__in=districts).count()
    return (tuple(sorted(digest.items())), tuple(by_value), tuple(dates), listings)


# ---------------------------------------------------------------------------------------------------
# The three ways to import


def import_platform(path: Path) -> int:
    from django.conf import settings

    from regionpulse.core.actors import acting_as
    from regionpulse.core.spreadsheets import read_rows
    from regionpulse.projects.importers import ProjectImporter

    with acting_as(None, "cli"), path.open("rb") as stream:
        rows = read_rows(stream, max(settings.IMPORT_MAX_BYTES, path.stat().st_size))
        result = ProjectImporter(None).run(rows)
    return result.created


def _resource_class() -> Any:
    """A django-import-export resource for the ledger sheet: its Chinese headers, labels and names."""
    from import_export import fields, resources, widgets

    from regionpulse.core.models import Department, Enterprise, Leader, Region, TaskForce
    from regionpulse.projects.classifications import Category, EmergingIndustry, Industry, Nature, Stage
    from regionpulse.projects.importers import ProjectImporter
    from regionpulse.projects.models import Listing, Project

    class ChoiceWidget(widgets.Widget):
        """A coded column given by its label (制造业) or its code (C)."""

        def __init__(self, choices: Any, blank: bool = False) -> None:
            super().__init__()
            self.values = {str(label): str(value) for value, label in choices.choices} | {
                str(value): str(value) for value in choices.values
            }
            self.blank = blank

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            if value in (None, "") and self.blank:
                return ""
            try:
                return self.values[str(value).strip()]
            except KeyError:
                raise ValueError(f"“{value}”不是可选值") from None

    class DayWidget(widgets.DateWidget):
        """openpyxl reads a date cell as a datetime; the field stores the day."""

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            cleaned = super().clean(value, row, **kwargs)
            return cleaned.date() if isinstance(cleaned, datetime.datetime) else cleaned

    headers = {spec.key: spec.header for spec in ProjectImporter.columns}

    class InDistrict(widgets.ForeignKeyWidget):
        """A leader, task force or department by name, among those of the row's district."""

        def get_queryset(self, value: Any, row: Any, *args: Any, **kwargs: Any) -> Any:
            return self.model.objects.filter(region__code=str(row[headers["region"]]))

    def column(attribute: str, widget: Any) -> Any:
        """The ledger's column for ``attribute``, under the header the platform's template gives it."""
        return fields.Field(attribute=attribute, column_name=headers[attribute], widget=widget)

    class ProjectResource(resources.ModelResource):
        code = column("code", widgets.CharWidget())
        name = column("name", widgets.CharWidget())
        region = column("region", widgets.ForeignKeyWidget(Region, "code"))
        owner = column("owner", widgets.ForeignKeyWidget(Enterprise, "name"))
        industry = column("industry", ChoiceWidget(Industry))
        emerging_industry = column("emerging_industry", ChoiceWidget(EmergingIndustry, blank=True))
        category = column("category", ChoiceWidget(Category))
        nature = column("nature", ChoiceWidget(Nature))
        total_investment = column("total_investment", widgets.DecimalWidget())
        location = column("location", widgets.CharWidget())
        planned_start = column("planned_start", DayWidget())
        planned_finish = column("planned_finish", DayWidget())
        stage = column("stage", ChoiceWidget(Stage))
        leader = column("leader", InDistrict(Leader, "name"))
        task_force = column("task_force", InDistrict(TaskForce, "name"))
        department = column("department", InDistrict(Department, "name"))

        class Meta:
            model = Project
            import_id_fields = ("code",)
            # The platform's columns but the years on the list, which after_save_instance writes.
            fields = tuple(spec.key for spec in ProjectImporter.columns if spec.key != "years")
            use_transactions = True

        def after_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            """The row's years on the list: add the missing ones, remove the others."""
            text = str(row.get(headers["years"]) or "")
            wanted = {int(part) for part in text.replace("，", "、").split("、") if part.strip()}
            present = {listing.year: listing for listing in Listing.objects.filter(project=instance)}
            for year in sorted(wanted - present.keys()):
                Listing.objects.create(project=instance, year=year)
            for year in present.keys() - wanted:
                present[year].delete()

    return ProjectResource


def import_django_import_export(path: Path) -> int:
    import tablib  # type: ignore[import-untyped]

    from regionpulse.core.actors import acting_as

    resource = _resource_class()()
    with acting_as(None, "cli"):
        dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
        result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    return int(result.totals["new"])


def import_floor(path: Path) -> int:
    """The least any import must do: parse the sheet and insert its rows."""
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from regionpulse.core.models import Department, Enterprise, Leader, Region, TaskForce
    from regionpulse.projects.classifications import Category, EmergingIndustry, Industry, Nature, Stage
    from regionpulse.projects.models import Listing, Project

    rows: list[list[Any]] = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    at = {header: index for index, header in enumerate(rows[0])}
    regions = {region.code: region for region in Region.objects.all()}
    enterprises = dict(Enterprise.objects.values_list("name", "pk"))
    named = {
        model: {(region_id, name): pk for pk, region_id, name in model.objects.values_list("pk", "region_id", "name")}
        for model in (Leader, TaskForce, Department)
    }
    labels = {
        key: {str(label): str(value) for value, label in choices.choices}
        for key, choices in (
            ("所属行业", Industry),
            ("战略性新兴产业", EmergingIndustry),
            ("项目类别", Category),
            ("建设性质", Nature),
            ("项目阶段", Stage),
        )
    }

    def day(value: Any) -> Any:
        return value.date() if isinstance(value, datetime.datetime) else (value or None)

    projects, years = [], []
    for cells in rows[1:]:
        region = regions[str(cells[at["所在地区"]])]
        projects.append(
            Project(
                code=cells[at["项目编号"]],
                name=cells[at["项目名称"]],
                region=region,
                owner_id=enterprises.get(cells[at["业主单位"]]),
                industry=labels["所属行业"][cells[at["所属行业"]]],
                emerging_industry=labels["战略性新兴产业"].get(cells[at["战略性新兴产业"]], ""),
                category=labels["项目类别"][cells[at["项目类别"]]],
                nature=labels["建设性质"][cells[at["建设性质"]]],
                total_investment=Decimal(repr(cells[at["总投资（万元）"]])),
                location=cells[at["建设地点"]] or "",
                planned_start=day(cells[at["计划开工"]]),
                planned_finish=day(cells[at["计划竣工"]]),
                stage=labels["项目阶段"][cells[at["项目阶段"]]],
                leader_id=named[Leader].get((region.pk, cells[at["包联领导"]])),
                task_force_id=named[TaskForce].get((region.pk, cells[at["专班"]])),
                department_id=named[Department].get((region.pk, cells[at["责任部门"]])),
            )
        )
        years.append([int(year) for year in str(cells[at["列入清单年度"]] or "").split("、") if year])
    with transaction.atomic():
        Project.objects.bulk_create(projects, batch_size=1000)
        Listing.objects.bulk_create(
            [Listing(project=project, year=year) for project, own in zip(projects, years, strict=True) for year in own],
            batch_size=1000,
        )
    return len(projects)


# ---------------------------------------------------------------------------------------------------
# The run


def _timed(function: Callable[[Path], int], path: Path) -> tuple[float, float, int]:
    """Wall-clock and this process's CPU seconds of one import, and the projects it created."""
    start, cpu = time.perf_counter(), time.process_time()
    created = function(path)
    return time.perf_counter() - start, time.process_time() - cpu, created


def run() -> list[Row]:
    count, rounds, baseline_rounds = _rows_wanted(), _rounds(), _baseline_rounds()
    contenders: dict[str, Callable[[Path], int]] = {"platform": import_platform, "calamine + bulk_create": import_floor}
    if importlib.util.find_spec("import_export") is not None:
        contenders["django-import-export"] = import_django_import_export
    else:
        print("django-import-export is not installed (make install-dev): its baseline is left out", file=sys.stderr)
    folder = Path(tempfile.mkdtemp(prefix="rp-bench-import-"))
    fixture = create_fixture()
    try:
        path = folder / "重大项目台账.xlsx"
        write_ledger(path, count)
        seconds: dict[str, list[float]] = {name: [] for name in contenders}
        outcomes: dict[str, Any] = {}
        for round_number in range(1, rounds + 1):
            for name, function in contenders.items():
                if name == "django-import-export" and round_number > baseline_rounds:
                    continue
                _clear_imports(fixture.regions, fixture.history_mark)
                elapsed, cpu, created = _timed(function, path)
                if created != count:
                    print(f"WARNING: {name} created {created} of {count} projects", file=sys.stderr)
                outcome = _outcome(fixture.regions)
                if name in outcomes and outcomes[name] != outcome:
                    print(f"WARNING: {name} left different records in round {round_number}", file=sys.stderr)
                outcomes[name] = outcome
                seconds[name].append(elapsed)
                print(
                    f"import round {round_number}/{rounds}: {name} {elapsed:.2f} s ({cpu:.2f} s CPU in this process)",
                    file=sys.stderr,
                    flush=True,
                )
        for name, outcome in outcomes.items():
            if outcome != outcomes["platform"]:
                print(f"WARNING: {name} did not import the same records as the platform", file=sys.stderr)
    finally:
        _clear_imports(fixture.regions, fixture.history_mark)
        _remove_previous()
        shutil.rmtree(folder, ignore_errors=True)
    rate = {name: round(count / min(values)) for name, values in seconds.items() if values}
    platform = rate["platform"]
    label = f"ledger import, {count:,} rows"
    rows = [row(f"{label} (platform importer, best of {rounds})", round(min(seconds["platform"]), 2), "s")]
    for name, versus in (
        ("django-import-export", "django-import-export"),
        ("calamine + bulk_create", "the calamine + bulk_create floor"),
    ):
        if name in rate:
            baseline = rate[name]
            rows.append(
                row(f"{label}: platform vs {versus}", platform, "rows/s", baseline, round(platform / baseline, 2))
            )
    return rows


if __name__ == "__main__":
    main(run)
